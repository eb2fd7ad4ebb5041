package devstack

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/putuo-compliance/intake/infra/local/demostaff"
	"github.com/putuo-compliance/intake/infra/local/devapi"
)

// SampleConsultation is a valid consultation (the README's sample), shown in the
// banner's curl example and posted by the integration test, so the example
// cannot go stale.
const SampleConsultation = `{"company":{"name":"上海某网络科技有限公司","creditCode":"91310107MA1G8K3Q33","industry":"gaming"},` +
	`"contact":{"name":"张三","title":"法务总监","mobile":"13812345678","email":"legal@example.com"},` +
	`"language":"zh-CN","consent":{"accepted":true,"version":"2026-11"},` +
	`"incident":{"role":"victim","category":"online-fraud","occurredOn":"2026-11-01","discoveredOn":"2026-11-03",` +
	`"title":"游戏账号被盗刷","description":"玩家账号被批量盗刷，涉及充值资金。","reportedToPolice":false,"policeCaseNumber":"",` +
	`"measures":["none"],"operationsImpact":"minor","estimatedLossCny":120000,"urgency":"normal","urgencyReason":"",` +
	`"questions":"是否需要报案？应保全哪些证据？"}}`

// endpointsOf lists where the stack's clients send DynamoDB and SQS calls, as the
// SDK resolves them from the standard variables.
func endpointsOf(env environ) map[string]string {
	out := map[string]string{}
	for _, svc := range []string{"DYNAMODB", "SQS"} {
		u := env.get("AWS_ENDPOINT_URL_" + svc)
		if u == "" {
			u = env.get("AWS_ENDPOINT_URL")
		}
		out[svc] = u
	}
	return out
}

func printBanner(w io.Writer, info Info) {
	var s strings.Builder
	fmt.Fprintf(&s, "\nCompliance Intake local stack is ready\n\n")
	fmt.Fprintf(&s, "  API       %s   (health: %s/healthz)\n", info.APIURL, info.APIURL)
	routes := slices.Clone(info.Routes)
	slices.SortFunc(routes, func(a, b devapi.Route) int { return strings.Compare(a.Path+a.Method, b.Path+b.Method) })
	for _, r := range routes {
		fmt.Fprintf(&s, "            %-52s -> %s\n", r.Key(), r.Function)
	}
	for _, sc := range info.Schedules {
		fmt.Fprintf(&s, "  schedule  %s every %s\n", sc.Function, sc.Every)
	}
	for _, es := range info.EventSources {
		fmt.Fprintf(&s, "  polls     %s\n", describe(es))
	}
	if info.MotoURL != "" {
		fmt.Fprintf(&s, "  moto      %s   (moto_server, stops with the stack)\n", info.MotoURL)
	} else {
		fmt.Fprintf(&s, "  AWS       %s   (AWS_ENDPOINT_URL; moto_server not started)\n", info.Endpoints["DYNAMODB"])
	}
	if info.MailURL != "" {
		fmt.Fprintf(&s, "  mail      %s   (Mailpit: SMTP with STARTTLS and AUTH; its API: %s/api/v1/messages)\n", info.MailURL, info.MailURL)
	} else if info.MotoURL != "" {
		fmt.Fprintf(&s, "  mail      %s/moto-api/data.json   (SES on moto, under \"ses\"; MAIL_TRANSPORT=smtp make run for SMTP)\n", info.MotoURL)
	}
	for _, t := range info.Tables {
		fmt.Fprintf(&s, "  table     %s   (DynamoDB at %s)\n", t, info.Endpoints["DYNAMODB"])
	}
	if len(info.Queues) > 0 {
		fmt.Fprintf(&s, "  queues    (SQS at %s)\n", info.Endpoints["SQS"])
	}
	names := make([]string, len(info.Queues))
	for i, u := range info.Queues {
		names[i] = path.Base(u)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&s, "            %s\n", n)
	}
	if info.Staff {
		printStaff(&s, info.APIURL)
	}
	fmt.Fprintf(&s, "\nSubmit a consultation (answers 201 with a reference and a statusToken):\n\n")
	fmt.Fprintf(&s, "  curl -sS -X POST %s/v1/consultations \\\n", info.APIURL)
	fmt.Fprintf(&s, "    -H 'Content-Type: application/json' \\\n")
	fmt.Fprintf(&s, "    -d '%s'\n", SampleConsultation)
	fmt.Fprintf(&s, "\nThen its status, with the reference and statusToken from that answer:\n\n")
	fmt.Fprintf(&s, "  curl -sS %s/v1/submissions/REFERENCE -H 'X-Status-Token: STATUS_TOKEN'\n", info.APIURL)
	fmt.Fprintf(&s, "\nAdd -H 'Accept-Language: en' for English messages. Ctrl-C stops everything.\n\n")
	io.WriteString(w, s.String())
}

// printStaff lists the demo staff users of the local user pool, and how one
// claims from the staff API.
func printStaff(s *strings.Builder, apiURL string) {
	fmt.Fprintf(s, "  console   %s/staff/login   (the staff console: sign in as a demo user)\n", apiURL)
	fmt.Fprintf(s, "  staff     user pool with demo users, password %s\n", demostaff.Password)
	for _, u := range demostaff.Users() {
		fmt.Fprintf(s, "            %-28s %s\n", u.Name, strings.Join(u.Groups, ", "))
	}
	fmt.Fprintf(s, "            ID token: make token AGENCY=procuratorate [ROLE=supervisor]\n")
	fmt.Fprintf(s, "            claim the next waiting submission (README, \"The staff API\"):\n")
	fmt.Fprintf(s, "            curl -sS -X POST %s/v1/staff/claims -H \"Authorization: Bearer $(make -s token AGENCY=public-security)\"\n", apiURL)
}
