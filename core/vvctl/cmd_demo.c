/* vvctl demo: the demo tenants and users for `make run` (the work: demo.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vvctl/ctl.h"
#include "vvctl/provision.h"

static int cmd_demo(int argc, char **argv, vv_arena_t *a)
{
	bool if_empty = false;
	const struct vv_ctl_opt opts[] = {{"--if-empty", NULL, &if_empty}, {0}};
	if (vv_ctl_parse_opts("demo", argc, argv, opts))
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
	return rc < 0 ? vv_ctl_failed("demo", rc) : 0;
}

const struct vv_ctl_command vv_ctl_demo_commands[] = {
	{"demo", "[--if-empty]",
	 "create the demo tenants, users and events and print the sign-ins",
	 "  --if-empty   do nothing (and exit 0) when any tenant exists\n"
	 "Creates Esimerkkikunta (a municipality: admin, two operators, a professional,\n"
	 "five customers) and Järjestäjä Oy (an organiser: admin, operator), partners\n"
	 "so that the organiser can share with the municipality, and something to see:\n"
	 "an event type assigned to the customers, events today and this week (the\n"
	 "first within 3-18 minutes) with customers enrolled, and a weekly recording.\n"
	 "Staff passwords are generated and shown once.\n",
	 1, cmd_demo},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
