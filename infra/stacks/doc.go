// Package stacks holds the nested templates of template.yaml: the parts of the
// stack whose resource types exist only in some regions (staff-pool.yaml: the
// Cognito user pool; ses-mail.yaml: the SES sender). The root template makes
// each one as a condition-guarded nested application, so that the root names
// no region-only type and validates in every target region, the AWS China
// ones included; its tests lint each template for the regions where it is made.
package stacks
