package embedded

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// flush fsyncs every file and directory under dir, so that what a broker
// without SyncWrites wrote is on disk once Stop returns. A file's dirty
// pages go with an fsync through any descriptor, so it needs none of
// kfake's.
func flush(dir string) error {
	var errs []error
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		errs = append(errs, syncFile(path))
		return nil
	})
	return errors.Join(append(errs, err)...)
}

// syncFile is syncPath; tests watch it.
var syncFile = syncPath

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}
