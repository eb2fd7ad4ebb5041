package sesmail

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

// Compose returns the confirmation's subject and plain-text body in n.Lang.
func Compose(n intake.Notice) (string, string) {
	a, _ := agency.Lookup(n.Agency)
	r := strings.NewReplacer(
		"{kind}", kindNames[n.Kind].In(n.Lang),
		"{ref}", n.Reference,
		"{agency}", a.Name(string(n.Lang)),
	)
	return r.Replace(subject.In(n.Lang)), r.Replace(body.In(n.Lang))
}
