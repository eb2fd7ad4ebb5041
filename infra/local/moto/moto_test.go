package moto_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/putuo-compliance/intake/infra/local/moto"
)

func TestStartStop(t *testing.T) {
	ctx := context.Background()
	srv, err := moto.Start(ctx, 0)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	resp, err := http.Get(srv.URL + "/moto-api/data.json")
	if err != nil {
		t.Fatalf("moto not answering: %v", err)
	}
	resp.Body.Close()
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := http.Get(srv.URL + "/moto-api/data.json"); err == nil {
		t.Fatal("moto still answering after Stop")
	}
}

func TestStartWithoutMoto(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := moto.Start(context.Background(), 0)
	if !errors.Is(err, moto.ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
}
