package provision_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/putuo-compliance/intake/infra/local/provision"
)

// Mail to an address that bounced or complained stops: the sender identity's
// default configuration set suppresses both, from the template.
func TestMailSuppression(t *testing.T) {
	_, stack := deploy(t, "prov-mail")
	ctx := context.Background()
	ses := sesv2.NewFromConfig(cfg)
	sender := provision.LocalParameters["SenderAddress"]
	id, err := ses.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: &sender})
	if err != nil {
		t.Fatal(err)
	}
	if id.ConfigurationSetName == nil || *id.ConfigurationSetName != stack.Ref("MailConfigurationSet") {
		t.Fatalf("the sender's configuration set is %v, want %s", id.ConfigurationSetName, stack.Ref("MailConfigurationSet"))
	}
	set, err := ses.GetConfigurationSet(ctx, &sesv2.GetConfigurationSetInput{ConfigurationSetName: id.ConfigurationSetName}, func(o *sesv2.Options) {
		o.HTTPClient = &http.Client{Transport: motoSendingOptions{http.DefaultTransport}}
	})
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	if set.SuppressionOptions != nil {
		for _, r := range set.SuppressionOptions.SuppressedReasons {
			reasons = append(reasons, string(r))
		}
	}
	if !slices.Contains(reasons, "BOUNCE") || !slices.Contains(reasons, "COMPLAINT") {
		t.Fatalf("suppressed reasons %v, want BOUNCE and COMPLAINT", reasons)
	}
}

// motoSendingOptions mends moto 5's GetConfigurationSet answer, which writes
// SendingEnabled as {} where the SDK wants a boolean.
type motoSendingOptions struct{ next http.RoundTripper }

func (m motoSendingOptions) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := m.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = bytes.ReplaceAll(b, []byte(`"SendingEnabled": {}`), []byte(`"SendingEnabled": true`))
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}
