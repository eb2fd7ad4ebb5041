// Command localstack runs the local stack (`make run`): moto_server, the tables and
// queues of template.yaml, and its HTTP API routes on 127.0.0.1, until Ctrl-C.
//
// Each flag defaults to its environment variable: -port PORT (3000), -moto-port
// MOTO_PORT (5000), -template TEMPLATE (template.yaml), -stack-name STACK_NAME
// (compliance-intake-local), -mail MAIL_TRANSPORT (ses; smtp starts Mailpit;
// the functions' own variable's name, not MAIL, which login sets to a
// mailbox), -smtp-port MAILPIT_SMTP_PORT (1025), -mailpit-port MAILPIT_PORT
// (8025). LOG_LEVEL and the AWS SDK's variables apply too; AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE> are respected.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/putuo-compliance/intake/infra/local/devstack"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "localstack:", err)
		os.Exit(1)
	}
}

func run() error {
	port, err := intEnv("PORT", 3000)
	if err != nil {
		return err
	}
	motoPort, err := intEnv("MOTO_PORT", 5000)
	if err != nil {
		return err
	}
	smtpPort, err := intEnv("MAILPIT_SMTP_PORT", 1025)
	if err != nil {
		return err
	}
	mailpitPort, err := intEnv("MAILPIT_PORT", 8025)
	if err != nil {
		return err
	}
	opts := devstack.Options{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr}
	flag.IntVar(&opts.Port, "port", port, "port of the API on 127.0.0.1 (0: any free port)")
	flag.IntVar(&opts.MotoPort, "moto-port", motoPort, "port of moto_server on 127.0.0.1 (0: any free port)")
	flag.StringVar(&opts.Template, "template", strEnv("TEMPLATE", "template.yaml"), "SAM template to serve")
	flag.StringVar(&opts.StackName, "stack-name", strEnv("STACK_NAME", "compliance-intake-local"), "stack name the resource names derive from")
	flag.StringVar(&opts.Mail, "mail", strEnv("MAIL_TRANSPORT", devstack.MailSES), "how the e-mails go out: ses (moto keeps them) or smtp (Mailpit captures them)")
	flag.IntVar(&opts.SMTPPort, "smtp-port", smtpPort, "Mailpit's SMTP port on 127.0.0.1, with -mail smtp (0: any free port)")
	flag.IntVar(&opts.MailpitPort, "mailpit-port", mailpitPort, "Mailpit's web and API port on 127.0.0.1, with -mail smtp (0: any free port)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return devstack.Run(ctx, opts)
}

func strEnv(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func intEnv(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 65535 {
		return 0, fmt.Errorf("%s=%q is not a port number", name, v)
	}
	return n, nil
}
