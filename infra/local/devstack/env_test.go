package devstack

import "testing"

func TestNewEnv(t *testing.T) {
	tests := []struct {
		name string
		give map[string]string // the process environment
		want map[string]string
	}{
		{
			name: "defaults on a bare machine",
			give: map[string]string{},
			want: map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": ""},
		},
		{
			name: "AWS_DEFAULT_REGION is used",
			give: map[string]string{"AWS_DEFAULT_REGION": "cn-north-1"},
			want: map[string]string{"AWS_REGION": "cn-north-1"},
		},
		{
			name: "what is set is kept",
			give: map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:9324"},
			want: map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:9324"},
		},
		{
			name: "half a credential is not completed",
			give: map[string]string{"AWS_ACCESS_KEY_ID": "k"},
			want: map[string]string{"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(func(k string) string { return tt.give[k] })
			for k, want := range tt.want {
				if got := e.get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestEnvWith(t *testing.T) {
	base := newEnv(func(k string) string { return map[string]string{"LOG_LEVEL": "debug", "AWS_REGION": "eu-west-1"}[k] })
	fn := base.with(map[string]string{"LOG_LEVEL": "info", "TABLE_NAME": "t"})
	tests := []struct {
		give string
		want string
	}{
		{"LOG_LEVEL", "info"}, // the function's environment wins, as in Lambda
		{"TABLE_NAME", "t"},
		{"AWS_REGION", "eu-west-1"},
	}
	for _, tt := range tests {
		if got := fn.get(tt.give); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.give, got, tt.want)
		}
	}
	if got := base.get("TABLE_NAME"); got != "" {
		t.Errorf("with changed its receiver: TABLE_NAME = %q", got)
	}
}
