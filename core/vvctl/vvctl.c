/* vvctl: the operator's command line. `vvctl [-c conf] COMMAND [args]`.
 *
 * Commands are rows of one table: to add one, write a cmd_* function
 * taking (argc, argv) of its own arguments (argv[0] is the command's last
 * word) and add a row with its usage and one-line summary. A name may be
 * two words ("tenant create"). Exit codes: 0 done, 1 failed (a message
 * says why), 2 usage error or a value the command refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "core.h"
#include "db/migrate.h"
#include "vvctl/provision.h"
#include "vvctl/checkconf.h"

#define EXIT_USAGE 2
#define DEFAULT_CONF "/etc/vvhome/vvhome.conf"

struct command {
	const char *name;    /* one word, or two: "tenant create" */
	const char *args;    /* shown after the name in usage */
	const char *summary;
	const char *details; /* the options, for `COMMAND --help`; NULL when none */
	/* Set when the command talks to the database: main then loads the
	 * configuration and initialises the db layer before calling run. */
	int needs_db;
	int (*run)(int argc, char **argv, vv_arena_t *a);
};

static int cmd_help(int argc, char **argv, vv_arena_t *a);
static int cmd_migrate(int argc, char **argv, vv_arena_t *a);
static int cmd_ping(int argc, char **argv, vv_arena_t *a);
static int cmd_tenant_create(int argc, char **argv, vv_arena_t *a);
static int cmd_tenant_list(int argc, char **argv, vv_arena_t *a);
static int cmd_contract_set(int argc, char **argv, vv_arena_t *a);
static int cmd_user_create(int argc, char **argv, vv_arena_t *a);
static int cmd_user_list(int argc, char **argv, vv_arena_t *a);
static int cmd_user_password(int argc, char **argv, vv_arena_t *a);
static int cmd_partner(int argc, char **argv, vv_arena_t *a);
static int cmd_partner_list(int argc, char **argv, vv_arena_t *a);
static int cmd_demo(int argc, char **argv, vv_arena_t *a);
static int cmd_check_config(int argc, char **argv, vv_arena_t *a);

/* -c CONF (or $VVHOME_CONF, else DEFAULT_CONF), for commands without the database. */
static const char *conf_path = DEFAULT_CONF;

static const struct command commands[] = {
	{"migrate", "[--schema DIR]",
	 "apply the schema migrations not yet applied (DIR defaults to [paths] schema_dir, else ./schema)",
	 NULL, 1, cmd_migrate},
	{"ping", "", "check that the database answers", NULL, 1, cmd_ping},
	{"check-config", "", "check the configuration as `vvhomed --check` does; exit 1 on a problem",
	 NULL, 0, cmd_check_config},
	{"tenant create", "--name NAME [--timezone TZ] [--language fi|sv|en]",
	 "create a tenant with the default contract and policies; prints its uuid last",
	 "  --name NAME     the organisation's name, 1-200 characters\n"
	 "  --timezone TZ   IANA time zone (default [app] timezone, else Europe/Helsinki)\n"
	 "  --language L    default language: fi, sv or en (default [app] default_language, else fi)\n",
	 1, cmd_tenant_create},
	{"tenant list", "", "list the tenants: uuid, organiser (sharing allowed), time zone, name",
	 NULL, 1, cmd_tenant_list},
	{"contract set",
	 "--tenant T [--max-participants N] [--recording yes|no] [--sharing yes|no] "
	 "[--max-event-minutes N] [--max-concurrent N]",
	 "change a tenant's contract; fields not given stay as they are (none: show it)",
	 "  --tenant T               the tenant's uuid or exact name\n"
	 "  --max-participants N     customers per event, 1-500 (a larger policy default\n"
	 "                           capacity is lowered to it)\n"
	 "  --recording yes|no       sessions may be recorded\n"
	 "  --sharing yes|no         eCare-event organiser: may share with other tenants\n"
	 "  --max-event-minutes N    longest event, 15-1440 in steps of 15\n"
	 "  --max-concurrent N       events running at once, 1-1000\n",
	 1, cmd_contract_set},
	{"user create",
	 "--tenant T --email E --first F --last L --role admin|operator|professional|customer "
	 "[--language fi|sv|en] [--password-stdin | --password-file FILE]",
	 "create a user in a tenant; prints its uuid last",
	 "  --tenant T          the tenant's uuid or exact name\n"
	 "  --email E           sign-in address, unique in the tenant (stored lowercased)\n"
	 "  --first F, --last L first and last name, 1-100 characters each\n"
	 "  --role R            admin, operator, professional or customer\n"
	 "  --language L        device language (customers): fi, sv or en; default the tenant's\n"
	 "  --password-stdin    read the password from the first line of standard input\n"
	 "                      (asked for without echo on a terminal)\n"
	 "  --password-file F   read the password from the first line of file F\n"
	 "A password (10-128 characters) is required for staff; customers sign in with\n"
	 "login links, issued by their admin, and need none. It is never an argument.\n",
	 1, cmd_user_create},
	{"user list", "--tenant T", "list a tenant's users: uuid, role, active, e-mail, name",
	 NULL, 1, cmd_user_list},
	{"user password", "--tenant T --email E (--password-stdin | --password-file FILE)",
	 "set a new password for a staff user (e.g. a locked-out admin); ends their sessions",
	 "  --tenant T          the tenant's uuid or exact name\n"
	 "  --email E           the user's sign-in address\n"
	 "  --password-stdin    read the new password from the first line of standard input\n"
	 "                      (asked for without echo on a terminal)\n"
	 "  --password-file F   read it from the first line of file F\n"
	 "The password (10-128 characters) is never an argument and never printed. Every\n"
	 "session of the user ends and their failed sign-ins are forgotten, so they can sign\n"
	 "in at once; audited as user.password.reset. Customers have no password.\n",
	 1, cmd_user_password},
	{"partner add", "--tenant T --partner P",
	 "let two tenants share external groups with each other (both ways)",
	 "  --tenant T, --partner P   the tenants' uuids or exact names\n"
	 "An organiser's share page lists only its partners; the contract still decides\n"
	 "who may share (--sharing yes). Already partners: nothing changes. Audited as\n"
	 "partner.add in both tenants.\n",
	 1, cmd_partner},
	{"partner remove", "--tenant T --partner P",
	 "end a partnership and every share between the two tenants",
	 "  --tenant T, --partner P   the tenants' uuids or exact names\n"
	 "Ends the shares of either's external groups with the other: the receiving\n"
	 "tenant's choices for them go and its customers leave the coming events of those\n"
	 "groups (one staff added stays). Audited as group.unshare and partner.remove.\n",
	 1, cmd_partner},
	{"partner list", "[--tenant T]",
	 "list the partnerships, or one tenant's partners (uuid, organiser, shares, name)",
	 NULL, 1, cmd_partner_list},
	{"demo", "[--if-empty]",
	 "create the demo tenants and users and print their sign-ins",
	 "  --if-empty   do nothing (and exit 0) when any tenant exists\n"
	 "Creates Esimerkkikunta (a municipality: admin, two operators, a professional,\n"
	 "five customers) and Järjestäjä Oy (an organiser: admin, operator), partners\n"
	 "so that the organiser can share with the municipality. Staff passwords are\n"
	 "generated and shown once.\n",
	 1, cmd_demo},
	{"help", "[COMMAND]", "show this help, or one command's", NULL, 0, cmd_help},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The command named by argv[0] (and argv[1] for two-word names); *words
 * is set to how many words the name took. */
static const struct command *match_command(int argc, char **argv, int *words)
{
	for (const struct command *c = commands; c->name; c++) {
		const char *sp = strchr(c->name, ' ');
		if (!sp) {
			if (strcmp(c->name, argv[0]) == 0) {
				*words = 1;
				return c;
			}
		} else if (argc >= 2 && strlen(argv[0]) == (size_t)(sp - c->name) &&
			   strncmp(c->name, argv[0], (size_t)(sp - c->name)) == 0 &&
			   strcmp(sp + 1, argv[1]) == 0) {
			*words = 2;
			return c;
		}
	}
	return NULL;
}

static void print_entry(FILE *f, const struct command *c)
{
	fprintf(f, "  %s%s%s\n      %s\n", c->name, *c->args ? " " : "", c->args, c->summary);
}

/* Prints the commands whose first word is group ("tenant"); false if none. */
static bool group_usage(FILE *f, const char *group)
{
	size_t n = strlen(group);
	bool any = false;
	for (const struct command *c = commands; c->name; c++) {
		if (strncmp(c->name, group, n) == 0 && c->name[n] == ' ') {
			if (!any)
				fprintf(f, "usage:\n");
			print_entry(f, c);
			any = true;
		}
	}
	return any;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vvctl [-c CONF] COMMAND [ARGS]\n\n"
		   "  -c CONF   configuration file (default $VVHOME_CONF, else " DEFAULT_CONF ")\n\n"
		   "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		print_entry(f, c);
	fprintf(f, "\n`vvctl COMMAND --help` shows one command.\n");
}

static void command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: vvctl [-c CONF] %s%s%s\n  %s\n", c->name, *c->args ? " " : "",
		c->args, c->summary);
	if (c->details && f == stdout)
		fprintf(f, "\n%s", c->details);
}

static bool is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

static int cmd_help(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	int words = 0;
	const struct command *c = match_command(argc - 1, argv + 1, &words);
	if (c && words == argc - 1) {
		command_usage(stdout, c);
		return 0;
	}
	if (argc == 2 && group_usage(stdout, argv[1]))
		return 0;
	fprintf(stderr, "vvctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}

/* --- options --- */

/* One option of a command: a value option sets *val, a flag sets *flag. */
struct opt {
	const char *name;
	const char **val;
	bool *flag;
};

/* Parses argv[1..] against opts ("--name VALUE", "--name=VALUE", "--flag").
 * 0, or EXIT_USAGE after saying why (unknown, missing value, given twice). */
static int parse_opts(const char *cmd, int argc, char **argv, const struct opt *opts)
{
	for (int i = 1; i < argc; i++) {
		const struct opt *o = NULL;
		const char *v = NULL;
		for (const struct opt *p = opts; p->name; p++) {
			size_t n = strlen(p->name);
			if (strcmp(argv[i], p->name) == 0 ||
			    (p->val && strncmp(argv[i], p->name, n) == 0 && argv[i][n] == '=')) {
				o = p;
				v = argv[i][n] == '=' ? argv[i] + n + 1 : NULL;
				break;
			}
		}
		if (!o) {
			fprintf(stderr, "vvctl %s: unexpected argument '%s'\n", cmd, argv[i]);
			command_usage(stderr, find_command(cmd));
			return EXIT_USAGE;
		}
		if ((o->val && *o->val) || (o->flag && *o->flag)) {
			fprintf(stderr, "vvctl %s: %s given twice\n", cmd, o->name);
			return EXIT_USAGE;
		}
		if (o->flag) {
			*o->flag = true;
			continue;
		}
		if (!v) {
			if (i + 1 >= argc) {
				fprintf(stderr, "vvctl %s: %s needs a value\n", cmd, o->name);
				command_usage(stderr, find_command(cmd));
				return EXIT_USAGE;
			}
			v = argv[++i];
		}
		*o->val = v;
	}
	return 0;
}

static int missing(const char *cmd, const char *opt)
{
	fprintf(stderr, "vvctl %s: %s is required\n", cmd, opt);
	command_usage(stderr, find_command(cmd));
	return EXIT_USAGE;
}

static int refuse(const char *cmd, const char *what, const char *why)
{
	fprintf(stderr, "vvctl %s: %s%s%s\n", cmd, what ? what : "", what ? " " : "", why);
	return EXIT_USAGE;
}

/* Reports a failed database step; always returns 1. */
static int failed(const char *cmd, int rc)
{
	if (rc == VV_UNAVAILABLE)
		fprintf(stderr, "vvctl %s: the database does not answer (see [db] in the configuration)\n",
			cmd);
	else
		fprintf(stderr, "vvctl %s: failed (see the log lines above)\n", cmd);
	return 1;
}

/* A non-negative decimal number of at most 9 digits, else -1. */
static int64_t parse_count(const char *s)
{
	int64_t v = 0;
	size_t n = strlen(s);
	if (n == 0 || n > 9)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* 1 yes, 0 no, -1 anything else. */
static int parse_yes_no(const char *s)
{
	if (strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "no") == 0)
		return 0;
	return -1;
}

/* The tenant's id, or a negative exit status (negated) after a message. */
static int64_t resolve_tenant(const char *cmd, vv_arena_t *a, const char *key)
{
	int64_t id = vv_prov_tenant_find(a, key);
	if (id > 0)
		return id;
	if (id == VV_NOTFOUND)
		fprintf(stderr, "vvctl %s: no tenant '%s' (give its uuid or exact name; see "
				"`vvctl tenant list`)\n", cmd, key);
	else if (id == VV_CONFLICT)
		fprintf(stderr, "vvctl %s: several tenants are named '%s'; give the uuid\n", cmd, key);
	else
		failed(cmd, (int)id);
	return -1;
}

/* --- tenants and contracts --- */

static int cmd_tenant_create(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "tenant create", *name = NULL, *tz = NULL, *lang = NULL, *why;
	const struct opt opts[] = {
		{"--name", &name, NULL}, {"--timezone", &tz, NULL}, {"--language", &lang, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!name)
		return missing(cmd, "--name");
	if (!tz)
		tz = vv_conf_get("app", "timezone", "Europe/Helsinki");
	if (!lang)
		lang = vv_conf_get("app", "default_language", "fi");
	if ((why = vv_prov_check_text(a, name, VV_PROV_TENANT_NAME_MAX)))
		return refuse(cmd, "--name", why);
	if ((why = vv_prov_check_timezone(a, tz)))
		return refuse(cmd, vv_sprintf(a, "'%s':", tz), why);
	if ((why = vv_prov_check_language(lang)))
		return refuse(cmd, NULL, why);

	struct vv_prov_tenant t = {name, tz, lang};
	char *uuid;
	int64_t id;
	int rc = vv_prov_tenant_create(a, &t, &uuid, &id);
	if (rc < 0)
		return failed(cmd, rc);
	printf("created tenant '%s' (%s, %s) with the default contract and policies\n%s\n", name,
	       tz, lang, uuid);
	return 0;
}

static int cmd_tenant_list(int argc, char **argv, vv_arena_t *a)
{
	const struct opt opts[] = {{0}};
	if (parse_opts("tenant list", argc, argv, opts))
		return EXIT_USAGE;
	int rc = vv_prov_tenant_list(a, stdout);
	return rc < 0 ? failed("tenant list", rc) : 0;
}

static int cmd_contract_set(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "contract set", *tenant = NULL, *part = NULL, *rec = NULL, *share = NULL,
		   *minutes = NULL, *conc = NULL, *why;
	const struct opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--max-participants", &part, NULL},
		{"--recording", &rec, NULL}, {"--sharing", &share, NULL},
		{"--max-event-minutes", &minutes, NULL}, {"--max-concurrent", &conc, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return missing(cmd, "--tenant");
	struct vv_prov_contract c = VV_PROV_CONTRACT_KEEP;
	const struct { const char *s, *name; int64_t *v; } nums[] = {
		{part, "--max-participants", &c.max_participants},
		{minutes, "--max-event-minutes", &c.max_event_minutes},
		{conc, "--max-concurrent", &c.max_concurrent},
	};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (nums[i].s && (*nums[i].v = parse_count(nums[i].s)) < 0)
			return refuse(cmd, nums[i].name, vv_sprintf(a, "wants a number, not '%s'",
								    nums[i].s));
	}
	if ((rec && (c.recording = parse_yes_no(rec)) < 0) ||
	    (share && (c.sharing = parse_yes_no(share)) < 0))
		return refuse(cmd, NULL, "--recording and --sharing are yes or no");
	if ((why = vv_prov_check_contract(a, &c)))
		return refuse(cmd, NULL, why);

	int64_t id = resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	if (!part && !rec && !share && !minutes && !conc) {
		/* Nothing to change: shows the contract (test fixtures rely on
		 * this being a success). */
		printf("contract of '%s': ", tenant);
		int e = vv_prov_contract_print(a, id, stdout);
		return e < 0 ? failed(cmd, e) : 0;
	}
	int rc = vv_prov_contract_set(a, id, &c);
	if (rc < 0)
		return failed(cmd, rc);
	printf("contract of '%s' updated: ", tenant);
	vv_prov_contract_print(a, id, stdout);
	if (rc == 1)
		printf("the policy's default capacity was lowered to %lld\n",
		       (long long)c.max_participants);
	return 0;
}

/* --- users --- */

/* Reads the password (the first line of f) into buf, without echo when f
 * is a terminal. 0, or -1 after a message. */
static int read_password(const char *cmd, FILE *f, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = isatty(fileno(f)) && tcgetattr(fileno(f), &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		fprintf(stderr, "Password: ");
		tcsetattr(fileno(f), TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)size, f);
	if (tty) {
		tcsetattr(fileno(f), TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	if (!got) {
		fprintf(stderr, "vvctl %s: no password to read\n", cmd);
		return -1;
	}
	size_t n = strcspn(buf, "\n");
	if (buf[n] != '\n' && !feof(f)) {
		fprintf(stderr, "vvctl %s: the password is longer than %d characters\n", cmd,
			VV_PASSWORD_MAX);
		return -1;
	}
	buf[n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[n - 1] = '\0';
	return 0;
}

/* The Argon2id hash of the password from stdin or file, or NULL after a
 * message (*status set to the exit code). The clear text is wiped. */
static char *password_hash_from(const char *cmd, vv_arena_t *a, const char *file, int *status)
{
	char buf[4 * VV_PASSWORD_MAX + 4];
	char *hash = NULL;
	FILE *f = stdin;
	*status = EXIT_USAGE;
	if (file && !(f = fopen(file, "r"))) {
		fprintf(stderr, "vvctl %s: cannot read %s\n", cmd, file);
		return NULL;
	}
	if (read_password(cmd, f, buf, sizeof(buf)) < 0)
		goto out;
	if (vv_password_check(buf) < 0) {
		fprintf(stderr, "vvctl %s: the password must be %d to %d characters of valid UTF-8\n",
			cmd, VV_PASSWORD_MIN, VV_PASSWORD_MAX);
		goto out;
	}
	if (!(hash = vv_password_hash(a, buf))) {
		fprintf(stderr, "vvctl %s: cannot hash the password\n", cmd);
		*status = 1;
	}
out:
	explicit_bzero(buf, sizeof(buf));
	if (f != stdin)
		fclose(f);
	return hash;
}

static int cmd_user_create(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "user create", *tenant = NULL, *email = NULL, *first = NULL,
		   *last = NULL, *role = NULL, *lang = NULL, *pwfile = NULL, *why;
	bool pwstdin = false;
	const struct opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--email", &email, NULL}, {"--first", &first, NULL},
		{"--last", &last, NULL}, {"--role", &role, NULL}, {"--language", &lang, NULL},
		{"--password-stdin", NULL, &pwstdin}, {"--password-file", &pwfile, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	const char *req[][2] = {{tenant, "--tenant"}, {email, "--email"}, {first, "--first"},
				{last, "--last"}, {role, "--role"}};
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (!req[i][0])
			return missing(cmd, req[i][1]);
	if (pwstdin && pwfile)
		return refuse(cmd, NULL, "give --password-stdin or --password-file, not both");
	if ((why = vv_prov_check_email(email)))
		return refuse(cmd, vv_sprintf(a, "--email '%s':", email), why);
	if ((why = vv_prov_check_text(a, first, VV_PROV_USER_NAME_MAX)))
		return refuse(cmd, "--first", why);
	if ((why = vv_prov_check_text(a, last, VV_PROV_USER_NAME_MAX)))
		return refuse(cmd, "--last", why);
	if ((why = vv_prov_check_role(role)))
		return refuse(cmd, NULL, why);
	if (lang && (why = vv_prov_check_language(lang)))
		return refuse(cmd, NULL, why);
	bool staff = strcmp(role, "customer") != 0;
	if (staff && !pwstdin && !pwfile)
		return refuse(cmd, NULL, vv_sprintf(a, "a%s %s needs a password: give --password-stdin "
						       "or --password-file", role[0] == 'a' || role[0] == 'o' ? "n" : "", role));

	int64_t id = resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	char *hash = NULL;
	int status;
	if ((pwstdin || pwfile) && !(hash = password_hash_from(cmd, a, pwfile, &status)))
		return status;

	struct vv_prov_user u = {id, email, first, last, role, lang, hash};
	char *uuid;
	int rc = vv_prov_user_create(a, &u, &uuid);
	if (rc == VV_CONFLICT) {
		fprintf(stderr, "vvctl %s: a user with this e-mail already exists in this tenant\n", cmd);
		return 1;
	}
	if (rc < 0)
		return failed(cmd, rc);
	printf("created %s %s%s\n%s\n", role, vv_prov_email_lower(a, email),
	       staff || hash ? "" : " (signs in with a login link from the admin's customer page)",
	       uuid);
	return 0;
}

static int cmd_user_list(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "user list", *tenant = NULL;
	const struct opt opts[] = {{"--tenant", &tenant, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return missing(cmd, "--tenant");
	int64_t id = resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	int rc = vv_prov_user_list(a, id, stdout);
	return rc < 0 ? failed(cmd, rc) : 0;
}

static int cmd_user_password(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "user password", *tenant = NULL, *email = NULL, *pwfile = NULL, *why;
	bool pwstdin = false;
	const struct opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--email", &email, NULL},
		{"--password-stdin", NULL, &pwstdin}, {"--password-file", &pwfile, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return missing(cmd, "--tenant");
	if (!email)
		return missing(cmd, "--email");
	if (pwstdin == (pwfile != NULL))
		return refuse(cmd, NULL, "give --password-stdin or --password-file (one of them)");
	if ((why = vv_prov_check_email(email)))
		return refuse(cmd, vv_sprintf(a, "--email '%s':", email), why);
	int64_t id = resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	int status;
	char *hash = password_hash_from(cmd, a, pwfile, &status);
	if (!hash)
		return status;
	const char *uuid = NULL;
	int ended = 0;
	int rc = vv_prov_user_password(a, id, email, hash, &uuid, &ended);
	if (rc == VV_NOTFOUND) {
		fprintf(stderr, "vvctl %s: no user '%s' in this tenant (see `vvctl user list`)\n", cmd,
			email);
		return 1;
	}
	if (rc == VV_INVALID)
		return refuse(cmd, NULL, "a customer has no password: their admin issues a login link");
	if (rc < 0)
		return failed(cmd, rc);
	printf("new password set for %s (%s); %d session%s ended\n", vv_prov_email_lower(a, email),
	       uuid, ended, ended == 1 ? "" : "s");
	return 0;
}

/* --- partnerships --- */

/* partner add / partner remove: argv[0] says which. */
static int cmd_partner(int argc, char **argv, vv_arena_t *a)
{
	const bool add = strcmp(argv[0], "add") == 0;
	const char *cmd = add ? "partner add" : "partner remove", *tenant = NULL, *partner = NULL;
	const struct opt opts[] = {{"--tenant", &tenant, NULL}, {"--partner", &partner, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return missing(cmd, "--tenant");
	if (!partner)
		return missing(cmd, "--partner");
	int64_t t = resolve_tenant(cmd, a, tenant), p = t < 0 ? -1 : resolve_tenant(cmd, a, partner);
	if (t < 0 || p < 0)
		return 1;
	if (t == p)
		return refuse(cmd, NULL, "a tenant is not its own partner");
	int shares = 0;
	int rc = add ? vv_prov_partner_add(a, t, p) : vv_prov_partner_remove(a, t, p, &shares);
	if (rc == VV_NOTFOUND) {
		fprintf(stderr, "vvctl %s: the tenant is gone (see `vvctl tenant list`)\n", cmd);
		return 1;
	}
	if (rc < 0)
		return failed(cmd, rc);
	if (rc == 1)
		printf("'%s' and '%s' %s; nothing changed\n", tenant, partner,
		       add ? "are partners already" : "are not partners");
	else if (add)
		printf("'%s' and '%s' are partners: an organiser of the two may share with the other\n",
		       tenant, partner);
	else
		printf("partnership of '%s' and '%s' ended; %d share%s between them ended\n", tenant,
		       partner, shares, shares == 1 ? "" : "s");
	return 0;
}

static int cmd_partner_list(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "partner list", *tenant = NULL;
	const struct opt opts[] = {{"--tenant", &tenant, NULL}, {0}};
	if (parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	int64_t id = 0;
	if (tenant && (id = resolve_tenant(cmd, a, tenant)) < 0)
		return 1;
	int rc = vv_prov_partner_list(a, id, stdout);
	return rc < 0 ? failed(cmd, rc) : 0;
}

static int cmd_demo(int argc, char **argv, vv_arena_t *a)
{
	bool if_empty = false;
	const struct opt opts[] = {{"--if-empty", NULL, &if_empty}, {0}};
	if (parse_opts("demo", argc, argv, opts))
		return EXIT_USAGE;
	int rc = vv_demo_create(a, if_empty, stdout);
	if (rc == 1) {
		printf("demo: the database has tenants already; nothing created (see `vvctl tenant list`)\n");
		return 0;
	}
	if (rc == VV_CONFLICT) {
		fprintf(stderr, "vvctl demo: the demo tenants exist already (see `vvctl tenant list`)\n");
		return 1;
	}
	return rc < 0 ? failed("demo", rc) : 0;
}

static int cmd_migrate(int argc, char **argv, vv_arena_t *a)
{
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--schema") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strncmp(argv[i], "--schema=", 9) == 0) {
			dir = argv[i] + 9;
		} else {
			fprintf(stderr, "vvctl migrate: unexpected argument '%s'\n", argv[i]);
			command_usage(stderr, find_command("migrate"));
			return EXIT_USAGE;
		}
	}
	if (!dir)
		dir = vv_conf_get("paths", "schema_dir", "schema");
	int n = vv_migrate(dir, a);
	if (n < 0) {
		fprintf(stderr, "vvctl migrate: failed (see the log lines above)\n");
		return 1;
	}
	printf("%d migration%s applied from %s\n", n, n == 1 ? "" : "s", dir);
	return 0;
}

static int cmd_ping(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc > 1) {
		fprintf(stderr, "vvctl ping: unexpected argument '%s'\n", argv[1]);
		command_usage(stderr, find_command("ping"));
		return EXIT_USAGE;
	}
	if (vv_db_ping() < 0) {
		fprintf(stderr, "vvctl ping: the database does not answer\n");
		return 1;
	}
	printf("database ok\n");
	return 0;
}

static int cmd_check_config(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc > 1) {
		fprintf(stderr, "vvctl check-config: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	return vv_vvctl_check_config(conf_path);
}

int main(int argc, char **argv)
{
	const char *conf = getenv("VVHOME_CONF");
	int i = 1;

	/* Global options stop at the command name, so a command's own
	 * options are never mistaken for them. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			conf = argv[++i];
		} else if (is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("vvctl %s\n", VV_VERSION);
			return 0;
		} else {
			fprintf(stderr, "vvctl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (conf && *conf)
		conf_path = conf;
	int words = 0;
	const struct command *c = match_command(argc - i, argv + i, &words);
	if (!c) {
		if (group_usage(stderr, argv[i])) {
			fprintf(stderr, "vvctl: '%s' needs one of the words above\n", argv[i]);
			return EXIT_USAGE;
		}
		fprintf(stderr, "vvctl: unknown command '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	/* The command sees its last word as argv[0]. */
	int cargc = argc - i - (words - 1);
	char **cargv = argv + i + (words - 1);
	for (int j = 1; j < cargc; j++) {
		if (is_help(cargv[j])) {
			command_usage(stdout, c);
			return 0;
		}
	}
	if (!c->needs_db)
		return c->run(cargc, cargv, NULL);

	int rc = 1;
	vv_arena_t *a = NULL;
	bool db = false;
	if (!conf || !*conf)
		conf = DEFAULT_CONF;
	if (vv_conf_load(conf) < 0) {
		fprintf(stderr, "vvctl: cannot load configuration %s (use -c CONF)\n", conf);
		goto out;
	}
	if (vv_db_init() < 0) {
		fprintf(stderr, "vvctl: cannot initialise the database layer\n");
		goto out;
	}
	db = true;
	if (!(a = vv_arena_create())) {
		fprintf(stderr, "vvctl: out of memory\n");
		goto out;
	}
	rc = c->run(cargc, cargv, a);
out:
	vv_arena_destroy(a);
	if (db)
		vv_db_fini();
	vv_conf_free();
	return rc;
}
