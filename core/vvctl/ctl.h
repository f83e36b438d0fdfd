/* vvctl's command table and the helpers its command groups share
 * (main.c: dispatch, help, options; one cmd_*.c file per command group).
 * Internal to vvctl. */
#ifndef VV_CTL_H
#define VV_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vv/arena.h"

/* Exit codes: 0 done, 1 failed (a message says why), 2 usage error or a
 * value the command refuses. */
#define EXIT_USAGE 2

struct vv_ctl_command {
	const char *name;    /* one word, or two: "tenant create" */
	const char *args;    /* shown after the name in usage */
	const char *summary;
	const char *details; /* the options, for `COMMAND --help`; NULL when none */
	/* Set when the command talks to the database: main then loads the
	 * configuration and initialises the db layer before calling run. */
	int needs_db;
	/* argv[0] is the command's last word; a is NULL unless needs_db. */
	int (*run)(int argc, char **argv, vv_arena_t *a);
};

/* The command groups, each ending with a row whose name is NULL; main.c
 * lists them in the order help shows them. */
extern const struct vv_ctl_command vv_ctl_db_commands[];      /* cmd_db.c */
extern const struct vv_ctl_command vv_ctl_tenant_commands[];  /* cmd_tenant.c */
extern const struct vv_ctl_command vv_ctl_user_commands[];    /* cmd_user.c */
extern const struct vv_ctl_command vv_ctl_partner_commands[]; /* cmd_partner.c */
extern const struct vv_ctl_command vv_ctl_demo_commands[];    /* cmd_demo.c */

/* -c CONF (else $VVHOME_CONF, else the default), as main.c resolved it:
 * for commands that read the file themselves (check-config). */
extern const char *vv_ctl_conf_path;

/* One option of a command: a value option sets *val, a flag sets *flag. */
struct vv_ctl_opt {
	const char *name;
	const char **val;
	bool *flag;
};

/* Parses argv[1..] against opts ("--name VALUE", "--name=VALUE", "--flag").
 * 0, or EXIT_USAGE after saying why (unknown, missing value, given twice). */
int vv_ctl_parse_opts(const char *cmd, int argc, char **argv, const struct vv_ctl_opt *opts);

/* The usage of the command named cmd to f (with its details on stdout). */
void vv_ctl_usage_of(FILE *f, const char *cmd);

/* Says that opt is required, with the usage; returns EXIT_USAGE. */
int vv_ctl_missing(const char *cmd, const char *opt);
/* "vvctl CMD: [what ]why"; returns EXIT_USAGE. */
int vv_ctl_refuse(const char *cmd, const char *what, const char *why);
/* Reports a failed database step; always returns 1. */
int vv_ctl_failed(const char *cmd, int rc);

/* A non-negative decimal number of at most 9 digits, else -1. */
int64_t vv_ctl_parse_count(const char *s);
/* "yes" 1, "no" 0, anything else -1. */
int vv_ctl_parse_yes_no(const char *s);
/* The id of the tenant named by uuid or exact name, or -1 after a message
 * (cmd_tenant.c). */
int64_t vv_ctl_resolve_tenant(const char *cmd, vv_arena_t *a, const char *key);

#endif
