// compose-check loads a Compose file with compose-go (the loader of the docker compose CLI),
// validating it against the Compose specification's schema and the loader's own checks
// (references between services, volumes, networks, depends_on), and prints the services it
// found with their healthcheck, dependencies, published ports, mounts, entrypoint and command,
// capabilities and environment as JSON for the caller. Give several files to check a file with
// its overrides (as `docker compose -f a.yml -f b.yml config` merges them).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/compose-spec/compose-go/v2/cli"
)

type mount struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Target   string `json:"target"`
	ReadOnly bool   `json:"read_only"`
}

type service struct {
	Image       string            `json:"image"`
	Mounts      []mount           `json:"mounts"`
	Entrypoint  []string          `json:"entrypoint"`
	Command     []string          `json:"command"`
	CapAdd      []string          `json:"cap_add"`
	CapDrop     []string          `json:"cap_drop"`
	ReadOnly    bool              `json:"read_only"`
	Restart     string            `json:"restart"`
	Healthcheck bool              `json:"healthcheck"`
	DependsOn   map[string]string `json:"depends_on"`
	Published   []string          `json:"published"`
	Volumes     []string          `json:"volumes"`
	Environment map[string]string `json:"environment"`
	User        string            `json:"user"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check docker-compose.yml [override.yml...]")
		os.Exit(2)
	}
	var files []string
	for _, arg := range os.Args[1:] {
		file, err := filepath.Abs(arg)
		if err != nil {
			fail(err)
		}
		files = append(files, file)
	}
	options, err := cli.NewProjectOptions(files,
		cli.WithWorkingDirectory(filepath.Dir(files[0])),
		cli.WithName("strata"),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithInterpolation(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out := map[string]service{}
	for name, s := range project.Services {
		deps := map[string]string{}
		for dep, config := range s.DependsOn {
			deps[dep] = config.Condition
		}
		var published []string
		for _, p := range s.Ports {
			if p.Published != "" {
				published = append(published, p.Published)
			}
		}
		sort.Strings(published)
		var volumes []string
		var mounts []mount
		for _, v := range s.Volumes {
			volumes = append(volumes, v.Type+":"+v.Source)
			mounts = append(mounts, mount{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly})
		}
		env := map[string]string{}
		for k, v := range s.Environment {
			if v != nil {
				env[k] = *v
			}
		}
		out[name] = service{
			Image:       s.Image,
			Mounts:      mounts,
			Entrypoint:  s.Entrypoint,
			Command:     s.Command,
			CapAdd:      s.CapAdd,
			CapDrop:     s.CapDrop,
			ReadOnly:    s.ReadOnly,
			Restart:     s.Restart,
			Healthcheck: s.HealthCheck != nil && !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0,
			DependsOn:   deps,
			Published:   published,
			Volumes:     volumes,
			Environment: env,
			User:        s.User,
		}
	}
	named := []string{}
	for name := range project.Volumes {
		named = append(named, name)
	}
	sort.Strings(named)
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(map[string]any{"services": out, "volumes": named}); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compose-check:", err)
	os.Exit(1)
}
