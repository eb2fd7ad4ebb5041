// Package browsertest drives the web pages, the firm's and the staff
// console's, in a real headless Chromium (Debian's chromium) against the whole
// local stack that `make run` starts: moto, the
// template's resources and every HTTP API route. Its tests save screenshots of
// the key pages under artifacts/screenshots/ for a reviewer to look at.
package browsertest
