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

// serviceSecretFile is the file in the dev data directory that keeps the
// auth.service_token_secret `vextrus dev` generated: every dev process
// over the same directory (auth in one, orders in another) shares it.
const serviceSecretFile = "service-token-secret"

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
	path, password, err := devSecret(dir, appPasswordFile)
	if err != nil {
		return "", fmt.Errorf("dev app password: %w", err)
	}
	cfg.Database.AppPassword = password
	return path, nil
}

// devServiceSecret gives auth.service_token_secret a generated value kept
// in dir, as devAppPassword does, when the configuration names none.
func devServiceSecret(cfg *Config, dir string) error {
	if cfg.Auth.ServiceTokenSecret != "" {
		return nil
	}
	_, secret, err := devSecret(dir, serviceSecretFile)
	if err != nil {
		return fmt.Errorf("dev service token secret: %w", err)
	}
	cfg.Auth.ServiceTokenSecret = secret
	return nil
}

// devSecret returns the secret kept in dir/name, making a random one on
// the first call. The file is written whole or not at all: one cut short
// would lock the services out on the next start.
func devSecret(dir, name string) (path, secret string, err error) {
	path = filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	switch {
	case err == nil && strings.TrimSpace(string(b)) != "":
		return path, strings.TrimSpace(string(b)), nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", "", err
	}
	secret = rand.Text()
	// CreateTemp makes the file readable by its owner only.
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(secret + "\n")
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return "", "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", "", err
	}
	return path, secret, nil
}
