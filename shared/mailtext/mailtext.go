// Package mailtext is the wording of the e-mails to a firm, in its language:
// the confirmation of a submission and the notice of a change. Both mail
// transports (sesmail, smtpmail) send exactly these, so that what a firm reads
// does not depend on where the stack runs.
package mailtext

import (
	"strings"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

var kindNames = map[forms.Kind]forms.Text{
	forms.KindConsultation: {ZH: "涉案事件征询", EN: "incident consultation"},
	forms.KindTraining:     {ZH: "专业咨询培训申请", EN: "training request"},
}

var (
	subject = forms.Text{
		ZH: "已收到您的{kind}（编号 {ref}）",
		EN: "We have received your {kind} (reference {ref})",
	}
	// The body names the reference and the agency only: no status token, which
	// would open the submission to anyone who reads the mail, and nothing of what
	// the firm wrote.
	body = forms.Text{
		ZH: `您好：

我们已收到贵企业提交的{kind}。

编号：{ref}
承办机关：{agency}

承办机关会尽快与您联系。查询办理进度时，请在本服务的“查询进度”页面输入上述编号和提交后页面上显示的查询码。
为保护贵企业的信息，本邮件不包含查询码和提交的内容。

此邮件由系统自动发送，请勿直接回复。
`,
		EN: `Hello,

We have received your firm's {kind}.

Reference: {ref}
Handled by: {agency}

The agency will be in touch soon. To follow its progress, enter the reference above and the status token shown after you sent the form on this service's "Check status" page.
To protect your firm's information, this e-mail contains neither the status token nor what you wrote.

This message was sent automatically; please do not reply to it.
`,
	}
)

// A change notice says only that the submission moved, and to what; the firm
// reads what the agency wrote on the status page, with its token.
var (
	changeSubject = forms.Text{
		ZH: "您的{kind}（编号 {ref}）有新进展：{status}",
		EN: "Your {kind} (reference {ref}) has moved on: {status}",
	}
	changeBody = forms.Text{
		ZH: `您好：

贵企业提交的{kind}有新进展。

编号：{ref}
当前状态：{status}
承办机关：{agency}

请在本服务的“查询进度”页面输入上述编号和提交后页面上显示的查询码，查看详情和承办机关的答复。
为保护贵企业的信息，本邮件不包含查询码、提交的内容和答复内容。

此邮件由系统自动发送，请勿直接回复。
`,
		EN: `Hello,

Your firm's {kind} has moved on.

Reference: {ref}
Status: {status}
Handled by: {agency}

To see the details and the agency's reply, enter the reference above and the status token shown after you sent the form on this service's "Check status" page.
To protect your firm's information, this e-mail contains neither the status token, nor what you wrote, nor the reply.

This message was sent automatically; please do not reply to it.
`,
	}
)

// Compose returns the confirmation's subject and plain-text body in n.Lang.
func Compose(n intake.Notice) (string, string) {
	r := replacer(n)
	return r.Replace(subject.In(n.Lang)), r.Replace(body.In(n.Lang))
}

// ComposeChange returns a change notice's subject and plain-text body in n.Lang.
func ComposeChange(n intake.Notice) (string, string) {
	r := replacer(n)
	return r.Replace(changeSubject.In(n.Lang)), r.Replace(changeBody.In(n.Lang))
}

func replacer(n intake.Notice) *strings.Replacer {
	a, _ := agency.Lookup(n.Agency)
	return strings.NewReplacer(
		"{kind}", kindNames[n.Kind].In(n.Lang),
		"{ref}", n.Reference,
		"{agency}", a.Name(string(n.Lang)),
		"{status}", n.Status.Name().In(n.Lang),
	)
}
