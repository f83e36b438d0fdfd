/* vvctl user create, user list, user password: accounts of a tenant (the
 * work: provision.c). Passwords come from standard input or a file, never
 * from an argument, and are wiped after hashing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "core.h"
#include "vvctl/ctl.h"
#include "vvctl/provision.h"

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
	const struct vv_ctl_opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--email", &email, NULL}, {"--first", &first, NULL},
		{"--last", &last, NULL}, {"--role", &role, NULL}, {"--language", &lang, NULL},
		{"--password-stdin", NULL, &pwstdin}, {"--password-file", &pwfile, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	const char *req[][2] = {{tenant, "--tenant"}, {email, "--email"}, {first, "--first"},
				{last, "--last"}, {role, "--role"}};
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (!req[i][0])
			return vv_ctl_missing(cmd, req[i][1]);
	if (pwstdin && pwfile)
		return vv_ctl_refuse(cmd, NULL, "give --password-stdin or --password-file, not both");
	if ((why = vv_prov_check_email(email)))
		return vv_ctl_refuse(cmd, vv_sprintf(a, "--email '%s':", email), why);
	if ((why = vv_prov_check_text(a, first, VV_PROV_USER_NAME_MAX)))
		return vv_ctl_refuse(cmd, "--first", why);
	if ((why = vv_prov_check_text(a, last, VV_PROV_USER_NAME_MAX)))
		return vv_ctl_refuse(cmd, "--last", why);
	if ((why = vv_prov_check_role(role)))
		return vv_ctl_refuse(cmd, NULL, why);
	if (lang && (why = vv_prov_check_language(lang)))
		return vv_ctl_refuse(cmd, NULL, why);
	bool staff = strcmp(role, "customer") != 0;
	if (staff && !pwstdin && !pwfile)
		return vv_ctl_refuse(cmd, NULL, vv_sprintf(a, "a%s %s needs a password: give --password-stdin "
						       "or --password-file", role[0] == 'a' || role[0] == 'o' ? "n" : "", role));

	int64_t id = vv_ctl_resolve_tenant(cmd, a, tenant);
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
		return vv_ctl_failed(cmd, rc);
	printf("created %s %s%s\n%s\n", role, vv_prov_email_lower(a, email),
	       staff || hash ? "" : " (signs in with a login link from the admin's customer page)",
	       uuid);
	return 0;
}

static int cmd_user_list(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "user list", *tenant = NULL;
	const struct vv_ctl_opt opts[] = {{"--tenant", &tenant, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return vv_ctl_missing(cmd, "--tenant");
	int64_t id = vv_ctl_resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	int rc = vv_prov_user_list(a, id, stdout);
	return rc < 0 ? vv_ctl_failed(cmd, rc) : 0;
}

static int cmd_user_password(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "user password", *tenant = NULL, *email = NULL, *pwfile = NULL, *why;
	bool pwstdin = false;
	const struct vv_ctl_opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--email", &email, NULL},
		{"--password-stdin", NULL, &pwstdin}, {"--password-file", &pwfile, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return vv_ctl_missing(cmd, "--tenant");
	if (!email)
		return vv_ctl_missing(cmd, "--email");
	if (pwstdin == (pwfile != NULL))
		return vv_ctl_refuse(cmd, NULL, "give --password-stdin or --password-file (one of them)");
	if ((why = vv_prov_check_email(email)))
		return vv_ctl_refuse(cmd, vv_sprintf(a, "--email '%s':", email), why);
	int64_t id = vv_ctl_resolve_tenant(cmd, a, tenant);
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
		return vv_ctl_refuse(cmd, NULL, "a customer has no password: their admin issues a login link");
	if (rc < 0)
		return vv_ctl_failed(cmd, rc);
	printf("new password set for %s (%s); %d session%s ended\n", vv_prov_email_lower(a, email),
	       uuid, ended, ended == 1 ? "" : "s");
	return 0;
}

const struct vv_ctl_command vv_ctl_user_commands[] = {
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
	{NULL, NULL, NULL, NULL, 0, NULL},
};
