package provision_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"gopkg.in/yaml.v3"

	"github.com/putuo-compliance/intake/infra/local/provision"
)

// The server secret is made by the stack, not passed to it: no parameter is a
// secret (NoEcho), the secret exists locally with its fixed value, and only the
// functions given its id may read it.
func TestServerSecret(t *testing.T) {
	raw, err := os.ReadFile("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Parameters map[string]map[string]any `yaml:"Parameters"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for name, p := range doc.Parameters {
		if p["NoEcho"] == true {
			t.Errorf("parameter %s is a secret; secrets belong in ServerSecret", name)
		}
	}

	tmpl, stack := deploy(t, "prov-secret")
	arn := stack.Ref("ServerSecret")
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: &arn})
	if err != nil || *out.SecretString != provision.LocalSecret {
		t.Fatalf("GetSecretValue(%s) = %v, %v", arn, out, err)
	}
	readers := 0
	for _, fn := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		env, err := stack.FunctionEnv(fn)
		if err != nil {
			t.Fatal(err)
		}
		policies, _ := tmpl.Resources[fn].Properties["Policies"].([]any)
		mayRead := false
		for _, p := range policies {
			if m, ok := p.(map[string]any); ok && m["AWSSecretsManagerGetSecretValuePolicy"] != nil {
				mayRead = true
			}
		}
		if _, given := env["SECRET_ID"]; given != mayRead || given && env["SECRET_ID"] != arn {
			t.Errorf("%s: SECRET_ID %q, may read the secret %v", fn, env["SECRET_ID"], mayRead)
		}
		if mayRead {
			readers++
		}
	}
	if readers == 0 || !strings.Contains(arn, ":secret:prov-secret") {
		t.Errorf("%d functions read the secret %s", readers, arn)
	}
}
