# Compliance Intake. `make run` starts the local stack, `make test` runs every test.
# `sam build` calls the build-<LogicalId> targets with ARTIFACTS_DIR set.

# Where our machines keep Go and the pyenv tools, for a shell that has not put them
# on PATH; appended, so anything already on PATH wins.
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin:$(HOME)/.pyenv/shims

GOARCH ?= arm64
ARTIFACTS_DIR ?= build/$(FUNCTION)
# Stripped, reproducible, and without the RPC shim that provided.al2023 never uses.
GOBUILD = CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH) go build -trimpath -tags lambda.norpc -ldflags="-s -w"

# Logical ID in template.yaml -> package under functions/.
FUNCTIONS = SubmitFunction:submit StatusFunction:status RedispatchFunction:redispatch WebFunction:web RetentionFunction:retention InboxFunction:inbox StaffFunction:staff ConsoleFunction:console

.PHONY: run setup test lint build clean rie bench events build-BenchHello $(foreach f,$(FUNCTIONS),build-$(word 1,$(subst :, ,$(f))))
.PHONY: $(foreach f,$(BENCH_FLOORS),build-$(word 1,$(subst :, ,$(f))))

# Built, then exec'd: `go run` would exit 1 on Ctrl-C and not pass SIGTERM on.
# MAIL_TRANSPORT=smtp make run sends the e-mails through Mailpit (SMTP, STARTTLS, AUTH)
# instead of SES on moto, as the stack does where SES is not.
run:
	go build -o bin/localstack ./infra/local/cmd/localstack
	exec ./bin/localstack

# What the tests need beyond Go: chromium and a CJK font, moto_server, cfn-lint,
# Mailpit (go install, pinned), the npm packages (Redocly CLI).
# Installs what is missing when it can, else names the command; quiet and fast
# (a few milliseconds) when all is there. See infra/setup.sh.
setup:
	@infra/setup.sh

test: setup lint
	go vet ./...
	go test -count=1 ./...

# The templates, then the OpenAPI document with Redocly CLI (pinned in
# package-lock.json; npm ci by make setup). No telemetry, no update check: CI
# reaches no network but the package registries.
# The root template in every target region: a global one, Hong Kong (no SES)
# and the AWS China regions (no SES, no Cognito user pools). Each nested
# template (infra/stacks) in the target regions where the root makes it;
# infra/stacks/regions_test.go checks them against every region.
REGIONS = us-east-1 ap-east-1 cn-north-1 cn-northwest-1
lint: setup
	cfn-lint --regions $(REGIONS) -- template.yaml
	cfn-lint --regions us-east-1 ap-east-1 -- infra/stacks/staff-pool.yaml
	cfn-lint --regions us-east-1 -- infra/stacks/ses-mail.yaml
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint --format=stylish api/openapi.yaml

define build_rule
build-$(1):
	$$(GOBUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./functions/$(2)
endef
$(foreach f,$(FUNCTIONS),$(eval $(call build_rule,$(word 1,$(subst :, ,$(f))),$(word 2,$(subst :, ,$(f))))))

# Every function into build/<LogicalId>/bootstrap.
build:
	@$(foreach f,$(FUNCTIONS),$(MAKE) --no-print-directory build-$(word 1,$(subst :, ,$(f))) FUNCTION=$(word 1,$(subst :, ,$(f))) ARTIFACTS_DIR=build/$(word 1,$(subst :, ,$(f))) &&) true
	@ls -l build/*/bootstrap

clean:
	rm -rf build .aws-sam

# The cold-start baseline of make bench: a hello-world aws-lambda-go function,
# built exactly as the functions are.
build-BenchHello:
	$(GOBUILD) -o $(ARTIFACTS_DIR)/bootstrap ./infra/bench/hello

# Each function's cold-start floor for make bench (infra/bench/floor/<fn>): the
# same AWS clients, logrus and, where it validates, validator/v10, and nothing of
# ours; built exactly as the functions are.
BENCH_FLOORS = FloorSubmit:submit FloorStatus:status FloorRedispatch:redispatch FloorWeb:web FloorInbox:inbox FloorStaff:staff FloorRetention:retention FloorConsole:console
define floor_rule
build-$(1):
	$$(GOBUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./infra/bench/floor/$(2)
endef
$(foreach f,$(BENCH_FLOORS),$(eval $(call floor_rule,$(word 1,$(subst :, ,$(f))),$(word 2,$(subst :, ,$(f))))))

# The Lambda Runtime Interface Emulator for the host, from its own module
# (infra/tools) so that its dependencies never pin ours. The RIE test and make
# bench build their own copy; this one is for running it by hand.
rie:
	cd infra/tools && CGO_ENABLED=0 go build -trimpath -o ../../bin/aws-lambda-rie github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie

# Cold starts, sizes, memory, overhead against the raw SDK calls, micro-benchmarks
# and a bounded load run, side by side in one report (see BENCHMARKS.md).
bench:
	go run ./infra/bench

# Mutation testing, not part of make test (docs/testing.md): the pinned gremlins
# (infra/mutate installs it into GOBIN or $(go env GOPATH)/bin when missing;
# settings in .gremlins.yaml) over the domain, the forms, routing, the HTTP edge
# and the pages, one package's score a row. Fails when one is under 85%.
.PHONY: mutate
mutate: setup
	go run ./infra/mutate

# Move the training samples' preferred dates (7 to 180 days ahead) to from today,
# for sam local invoke by hand; the tests do the same in memory.
events:
	go run ./infra/local/cmd/refresh-events

# An ID token of a demo staff user of make run's stack, while it runs:
# make token AGENCY=procuratorate [ROLE=supervisor]. `make -s token ...` prints
# the token alone, for curl -H "Authorization: Bearer $(make -s token AGENCY=...)".
.PHONY: token
token:
	@go run ./infra/local/cmd/token -agency "$(AGENCY)" -role "$(ROLE)"
