// compose-check loads a Compose file with compose-go (the loader of the docker compose CLI),
// validating it against the Compose specification's schema and the loader's own checks
// (references between services, volumes, networks, depends_on), and prints the services it
// found with their healthcheck, dependencies and published ports as JSON for the caller.
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

type service struct {
	Image       string            `json:"image"`
	Healthcheck bool              `json:"healthcheck"`
	DependsOn   map[string]string `json:"depends_on"`
	Published   []string          `json:"published"`
	Volumes     []string          `json:"volumes"`
	Environment map[string]string `json:"environment"`
	User        string            `json:"user"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check docker-compose.yml")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
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
		for _, v := range s.Volumes {
			volumes = append(volumes, v.Type+":"+v.Source)
		}
		env := map[string]string{}
		for k, v := range s.Environment {
			if v != nil {
				env[k] = *v
			}
		}
		out[name] = service{
			Image:       s.Image,
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
