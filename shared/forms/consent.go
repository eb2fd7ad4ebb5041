package forms

// ConsentWording is one published wording of the consent notice (PIPL): what a
// firm agrees to when it ticks the box, in both languages. A firm's consent is
// recorded with the wording's Version.
type ConsentWording struct {
	Version string
	Notice  Text // shown above the box: what is collected, why, for how long, the firm's rights
	Box     Text // the box's label
}

// ConsentWordings are every wording ever published, oldest first; the last is
// the current one, which the pages show. A wording is never changed or
// removed once published: a new text is a new version, appended. The API
// accepts every published version, so that a client written against an older
// one keeps working, and the stored record names exactly what was agreed to.
var ConsentWordings = []ConsentWording{
	{
		Version: "2026-11",
		Notice: Text{
			ZH: "我们收集本表中的企业和联系人信息，仅用于办理本次请求及与您联系，由承办机关依法保存，不用于其他目的。",
			EN: "We collect the company and contact details in this form only to handle this request and to contact you. The responsible agency keeps them as the law requires and uses them for nothing else.",
		},
		Box: Text{
			ZH: "我已阅读上述说明，同意处理本表中的个人信息",
			EN: "I have read the notice above and consent to the processing of the personal information in this form",
		},
	},
	{
		Version: "2026-12",
		Notice: Text{
			ZH: "我们收集本表中的企业和联系人信息（可能涉及刑事案件相关情况），仅用于办理本次请求及与您联系，不用于其他目的。信息由承办机关保存：请求办结或不予受理后，经规定的保存期限（通常为 180 天）即删除其中的个人信息，仅保留不含个人信息的统计记录。您可以联系承办机关查阅、更正或删除您的个人信息。",
			EN: "We collect the company and contact details in this form, which may touch on a criminal matter, only to handle this request and to contact you, and use them for nothing else. The responsible agency keeps them: once the request is closed or declined, the personal information is deleted after the set retention period (normally 180 days), leaving only a statistical record without it. You may ask the agency to show, correct or delete your personal information.",
		},
		Box: Text{
			ZH: "我已阅读上述说明，同意处理本表中的个人信息",
			EN: "I have read the notice above and consent to the processing of the personal information in this form",
		},
	},
}

// CurrentConsent is the wording the pages show now.
func CurrentConsent() ConsentWording { return ConsentWordings[len(ConsentWordings)-1] }

// ConsentWordingOf returns the published wording of version.
func ConsentWordingOf(version string) (ConsentWording, bool) {
	for _, w := range ConsentWordings {
		if w.Version == version {
			return w, true
		}
	}
	return ConsentWording{}, false
}
