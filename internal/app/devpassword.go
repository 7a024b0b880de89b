package app

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// appPasswordFile is the file in the dev data directory that keeps the
// password `vextrus dev` generated for the vextrus_app role.
const appPasswordFile = "app-password"

// devAppPassword gives the vextrus_app role of a dev stack its password
// when the configuration names none (database.app_password or
// database.app_url): a random one made on the first start and kept in dir,
// readable by its owner only, so later starts and tools that read the file
// use the same. It returns the file, or "" when the configuration gave the
// password.
func devAppPassword(cfg *Config, dir string) (string, error) {
	if cfg.Database.AppURL != "" || cfg.Database.AppPassword != "" {
		return "", nil
	}
	path := filepath.Join(dir, appPasswordFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil && strings.TrimSpace(string(b)) != "":
		cfg.Database.AppPassword = strings.TrimSpace(string(b))
		return path, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("dev app password: %w", err)
	}
	password := rand.Text()
	// Written whole or not at all: a file cut short would lock the
	// services out on the next start.
	tmp, err := os.CreateTemp(dir, appPasswordFile+".*")
	if err != nil {
		return "", fmt.Errorf("dev app password: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(password + "\n")
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return "", fmt.Errorf("dev app password: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("dev app password: %w", err)
	}
	cfg.Database.AppPassword = password
	return path, nil
}
