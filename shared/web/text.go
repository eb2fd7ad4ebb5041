package web

import (
	"github.com/putuo-compliance/intake/shared/forms"
)

// ui holds every piece of page text that is not a form field's: field labels,
// hints and options come from the forms catalog, the one definition the API uses.
var ui = map[string]forms.Text{
	"service":           {ZH: "普陀区企业合规服务", EN: "Putuo compliance services for firms"},
	"skip":              {ZH: "跳到主要内容", EN: "Skip to main content"},
	"switch":            {ZH: "English", EN: "中文"},
	"switch.label":      {ZH: "Switch to English", EN: "切换到中文"},
	"home.title":        {ZH: "向普陀区有关机关寻求合规帮助", EN: "Ask Putuo's agencies for compliance help"},
	"home.lead":         {ZH: "普陀区人民检察院、区有关部门与区内互联网企业签署了合规共识框架。企业可以在这里在线提出两类请求，提交后立即获得编号，并可随时查询办理进度。", EN: "Putuo District People's Procuratorate, district agencies and internet firms in Putuo have signed a compliance consensus framework. Here your firm can make two kinds of request online, get a reference at once and follow its progress at any time."},
	"home.c.title":      {ZH: "涉案事件征询", EN: "Ask about a case-related incident"},
	"home.c.text":       {ZH: "企业遇到涉及刑事的事件——员工被羁押、企业被诈骗、数据被泄露等——想了解对企业意味着什么、应当怎么做。", EN: "Something criminal has touched your firm - an employee detained, the firm defrauded, data leaked - and you want to know what it means for the firm and what to do."},
	"home.c.start":      {ZH: "开始事件征询", EN: "Start an incident consultation"},
	"home.t.title":      {ZH: "专业咨询培训", EN: "Request training"},
	"home.t.text":       {ZH: "请机关为企业员工讲授刑事合规、数据与个人信息保护、反诈骗、知识产权保护等内容。", EN: "Ask an agency to train your staff on criminal compliance, data and personal-information protection, anti-fraud, IP protection and more."},
	"home.t.start":      {ZH: "申请培训", EN: "Request training"},
	"home.s.title":      {ZH: "查询进度", EN: "Check status"},
	"home.s.text":       {ZH: "输入提交后获得的编号和查询码，查看办理状态和答复。", EN: "Enter the reference and status token you got when you sent the form to see its status and any answer."},
	"home.s.start":      {ZH: "查询进度", EN: "Check status"},
	"home.need":         {ZH: "请准备好：企业的统一社会信用代码、联系人的电话和电子邮箱。填写约需 10 分钟。", EN: "Have ready: your firm's unified social credit code and the contact person's phone number and e-mail. It takes about 10 minutes."},
	"form.c.title":      {ZH: "涉案事件征询", EN: "Ask about a case-related incident"},
	"form.c.lead":       {ZH: "请如实填写。机关会根据事件类别和是否已报警确定承办机关。", EN: "Please answer truthfully. The agency that handles your request depends on the kind of incident and whether it was reported to the police."},
	"form.t.title":      {ZH: "申请专业咨询培训", EN: "Request training"},
	"form.t.lead":       {ZH: "主要主题决定由哪个机关承办培训。", EN: "The main topic decides which agency runs the training."},
	"optional":          {ZH: "（选填）", EN: " (optional)"},
	"choose":            {ZH: "请选择", EN: "Choose"},
	"yes":               {ZH: "是", EN: "Yes"},
	"no":                {ZH: "否", EN: "No"},
	"date.n":            {ZH: "期望日期 {n}", EN: "Preferred date {n}"},
	"honeypot":          {ZH: "请勿填写此项", EN: "Leave this field empty"},
	"continue":          {ZH: "继续", EN: "Continue"},
	"errors.title":      {ZH: "有以下问题需要更正", EN: "There is a problem"},
	"error.prefix":      {ZH: "错误：", EN: "Error: "},
	"check.title":       {ZH: "提交前请核对您的回答", EN: "Check your answers before sending"},
	"check.change":      {ZH: "修改", EN: "Change"},
	"check.send.h":      {ZH: "确认提交", EN: "Now send your request"},
	"check.send.p":      {ZH: "提交即表示您确认所填内容真实、准确。", EN: "By sending this request you confirm that, to the best of your knowledge, the details you give are correct."},
	"check.send":        {ZH: "确认并提交", EN: "Accept and send"},
	"check.retry":       {ZH: "暂时无法提交，您的回答均已保留，请稍后再次点击“确认并提交”。", EN: "We could not send your request just now. Your answers are kept: please press \"Accept and send\" again in a moment."},
	"check.limited":     {ZH: "短时间内从您所在的网络提交的请求过多。为防止滥用，请在 {minutes} 分钟后再次点击“确认并提交”。您的回答均已保留；如已提交过本请求，无需重复提交。", EN: "Too many requests have been sent from your network in a short time. To prevent abuse, please press \"Accept and send\" again in {minutes} minutes. Your answers are kept; if you already sent this request, there is no need to send it again."},
	"none.given":        {ZH: "未填写", EN: "Not given"},
	"done.title":        {ZH: "已收到您的请求", EN: "Request received"},
	"done.ref":          {ZH: "您的编号", EN: "Your reference"},
	"done.token":        {ZH: "查询码", EN: "Status token"},
	"done.token.p":      {ZH: "请立即记下或打印编号和查询码：查询进度时两者都需要。为安全起见，我们只显示这一次查询码，也不会通过邮件发送。", EN: "Write down or print the reference and the status token now: you need both to check the status. For your safety we show the token only this once and never send it by e-mail."},
	"done.next":         {ZH: "接下来会怎样", EN: "What happens next"},
	"done.agency":       {ZH: "承办机关：{agency}。", EN: "Your request is handled by {agency}."},
	"done.mail":         {ZH: "确认邮件已发往您填写的电子邮箱，邮件中只有编号和承办机关。", EN: "We have sent a confirmation to the e-mail address you gave. It shows only the reference and the agency."},
	"done.nomail":       {ZH: "我们未能向您填写的电子邮箱发送确认邮件。您的请求已经收到：请务必记下本页的编号和查询码。", EN: "We could not send a confirmation to the e-mail address you gave. Your request has been received: be sure to note the reference and status token on this page."},
	"done.time":         {ZH: "承办机关通常在 5 个工作日内与联系人联系；标为紧急的事件征询会优先处理。", EN: "The agency usually contacts you within 5 working days; consultations marked urgent are dealt with first."},
	"done.status":       {ZH: "查询办理进度", EN: "Check the status of your request"},
	"done.print":        {ZH: "打印本页", EN: "Print this page"},
	"done.home":         {ZH: "返回首页", EN: "Back to the start"},
	"status.title":      {ZH: "查询办理进度", EN: "Check the status of a request"},
	"status.lead":       {ZH: "请输入提交后获得的编号和查询码。", EN: "Enter the reference and the status token you got when you sent your request."},
	"status.ref":        {ZH: "编号", EN: "Reference"},
	"status.ref.h":      {ZH: "如 C-7K3Q-9MX2", EN: "For example C-7K3Q-9MX2"},
	"status.tok":        {ZH: "查询码", EN: "Status token"},
	"status.tok.h":      {ZH: "提交后页面上显示的 22 位查询码", EN: "The 22-character token shown after you sent your request"},
	"status.show":       {ZH: "查询", EN: "Check status"},
	"status.none":       {ZH: "未找到与该编号和查询码相符的请求，请核对后重试。", EN: "No request matches this reference and status token. Check them and try again."},
	"status.result":     {ZH: "请求 {ref} 的办理进度", EN: "Status of request {ref}"},
	"status.now":        {ZH: "当前状态", EN: "Status"},
	"status.agency":     {ZH: "承办机关", EN: "Handled by"},
	"status.kind":       {ZH: "请求类型", EN: "Kind of request"},
	"status.hist":       {ZH: "办理记录", EN: "History"},
	"status.when":       {ZH: "时间（北京时间）", EN: "Time (Beijing)"},
	"status.answer":     {ZH: "答复", EN: "Answer"},
	"status.schedule":   {ZH: "培训安排", EN: "Training scheduled"},
	"status.to":         {ZH: "转交至：", EN: "Passed to: "},
	"status.again":      {ZH: "查询其他请求", EN: "Check another request"},
	"kind.consultation": {ZH: "涉案事件征询", EN: "Incident consultation"},
	"kind.training":     {ZH: "专业咨询培训", EN: "Training request"},
	"err.title":         {ZH: "无法处理该请求", EN: "We could not handle this request"},
	"err.csrf":          {ZH: "页面已过期或浏览器未保存 Cookie。请返回表单，刷新后重新提交。", EN: "The page has expired, or your browser did not keep our cookie. Go back to the form, reload it and send it again."},
	"err.large":         {ZH: "提交内容过大。", EN: "What you sent is too large."},
	"err.bad":           {ZH: "无法读取提交的内容。", EN: "What you sent could not be read."},
	"err.notfound":      {ZH: "未找到该页面。", EN: "Page not found."},
	"err.busy":          {ZH: "服务暂时繁忙，请稍后重试。", EN: "The service is busy; please try again shortly."},
	"err.internal":      {ZH: "服务出现内部错误，请稍后重试。", EN: "Something went wrong on our side; please try again later."},
	"err.back":          {ZH: "返回首页", EN: "Go to the start page"},
}

// Text returns a UI text of the firm pages in lang: the staff console's pages
// say what the two share (the page's frame, the kinds of request, the errors)
// in the same words.
func Text(key string, lang forms.Lang) string { return text(key, lang) }

// text returns a UI text in lang; a missing key shows itself, which the tests catch.
func text(key string, lang forms.Lang) string {
	t, ok := ui[key]
	if !ok {
		return key
	}
	return t.In(lang)
}
