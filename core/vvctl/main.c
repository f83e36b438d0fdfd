/* vvctl: the operator's command line. `vvctl [-c conf] COMMAND [args]`.
 * This file: dispatch, help and the option parsing the commands share.
 *
 * Commands are rows of tables, one table per command group in a file of
 * its own (cmd_*.c, listed in groups[] below): to add one, write a cmd_*
 * function taking (argc, argv) of its own arguments (argv[0] is the
 * command's last word) and add a row with its usage and one-line
 * summary. A name may be two words ("tenant create"). Exit codes: 0 done,
 * 1 failed (a message says why), 2 usage error or a value the command
 * refuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vvctl/ctl.h"

#define DEFAULT_CONF "/etc/vvhome/vvhome.conf"

static int cmd_help(int argc, char **argv, vv_arena_t *a);

static const struct vv_ctl_command help_commands[] = {
	{"help", "[COMMAND]", "show this help, or one command's", NULL, 0, cmd_help},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

/* The groups in the order help lists them. */
static const struct vv_ctl_command *const groups[] = {
	vv_ctl_db_commands, vv_ctl_tenant_commands, vv_ctl_user_commands,
	vv_ctl_partner_commands, vv_ctl_demo_commands, help_commands, NULL,
};

/* Every command in help's order (two loops: `break` leaves one group only). */
#define FOR_EACH_COMMAND(c) \
	for (const struct vv_ctl_command *const *g_ = groups; *g_; g_++) \
		for (const struct vv_ctl_command *c = *g_; c->name; c++)

static const struct vv_ctl_command *find_command(const char *name)
{
	FOR_EACH_COMMAND(c)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The command named by argv[0] (and argv[1] for two-word names); *words
 * is set to how many words the name took. */
static const struct vv_ctl_command *match_command(int argc, char **argv, int *words)
{
	FOR_EACH_COMMAND(c) {
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

static void print_entry(FILE *f, const struct vv_ctl_command *c)
{
	fprintf(f, "  %s%s%s\n      %s\n", c->name, *c->args ? " " : "", c->args, c->summary);
}

/* Prints the commands whose first word is group ("tenant"); false if none. */
static bool group_usage(FILE *f, const char *group)
{
	size_t n = strlen(group);
	bool any = false;
	FOR_EACH_COMMAND(c) {
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
	FOR_EACH_COMMAND(c)
		print_entry(f, c);
	fprintf(f, "\n`vvctl COMMAND --help` shows one command.\n");
}

static void command_usage(FILE *f, const struct vv_ctl_command *c)
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
	const struct vv_ctl_command *c = match_command(argc - 1, argv + 1, &words);
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

/* The usage of the command named cmd (see ctl.h). */
void vv_ctl_usage_of(FILE *f, const char *cmd)
{
	command_usage(f, find_command(cmd));
}

/* Parses argv[1..] against opts ("--name VALUE", "--name=VALUE", "--flag").
 * 0, or EXIT_USAGE after saying why (unknown, missing value, given twice). */
int vv_ctl_parse_opts(const char *cmd, int argc, char **argv, const struct vv_ctl_opt *opts)
{
	for (int i = 1; i < argc; i++) {
		const struct vv_ctl_opt *o = NULL;
		const char *v = NULL;
		for (const struct vv_ctl_opt *p = opts; p->name; p++) {
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
			vv_ctl_usage_of(stderr, cmd);
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
				vv_ctl_usage_of(stderr, cmd);
				return EXIT_USAGE;
			}
			v = argv[++i];
		}
		*o->val = v;
	}
	return 0;
}

int vv_ctl_missing(const char *cmd, const char *opt)
{
	fprintf(stderr, "vvctl %s: %s is required\n", cmd, opt);
	vv_ctl_usage_of(stderr, cmd);
	return EXIT_USAGE;
}

int vv_ctl_refuse(const char *cmd, const char *what, const char *why)
{
	fprintf(stderr, "vvctl %s: %s%s%s\n", cmd, what ? what : "", what ? " " : "", why);
	return EXIT_USAGE;
}

/* Reports a failed database step; always returns 1. */
int vv_ctl_failed(const char *cmd, int rc)
{
	if (rc == VV_UNAVAILABLE)
		fprintf(stderr, "vvctl %s: the database does not answer (see [db] in the configuration)\n",
			cmd);
	else
		fprintf(stderr, "vvctl %s: failed (see the log lines above)\n", cmd);
	return 1;
}

/* A non-negative decimal number of at most 9 digits, else -1. */
int64_t vv_ctl_parse_count(const char *s)
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
int vv_ctl_parse_yes_no(const char *s)
{
	if (strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "no") == 0)
		return 0;
	return -1;
}

const char *vv_ctl_conf_path = DEFAULT_CONF;

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
		vv_ctl_conf_path = conf;
	int words = 0;
	const struct vv_ctl_command *c = match_command(argc - i, argv + i, &words);
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
