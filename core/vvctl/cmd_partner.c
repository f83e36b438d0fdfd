/* vvctl partner add, partner remove, partner list: partnerships between
 * tenants (the work: partner.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vvctl/ctl.h"
#include "vvctl/provision.h"

/* partner add / partner remove: argv[0] says which. */
static int cmd_partner(int argc, char **argv, vv_arena_t *a)
{
	const bool add = strcmp(argv[0], "add") == 0;
	const char *cmd = add ? "partner add" : "partner remove", *tenant = NULL, *partner = NULL;
	const struct vv_ctl_opt opts[] = {{"--tenant", &tenant, NULL}, {"--partner", &partner, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return vv_ctl_missing(cmd, "--tenant");
	if (!partner)
		return vv_ctl_missing(cmd, "--partner");
	int64_t t = vv_ctl_resolve_tenant(cmd, a, tenant), p = t < 0 ? -1 : vv_ctl_resolve_tenant(cmd, a, partner);
	if (t < 0 || p < 0)
		return 1;
	if (t == p)
		return vv_ctl_refuse(cmd, NULL, "a tenant is not its own partner");
	int shares = 0;
	int rc = add ? vv_prov_partner_add(a, t, p) : vv_prov_partner_remove(a, t, p, &shares);
	if (rc == VV_NOTFOUND) {
		fprintf(stderr, "vvctl %s: the tenant is gone (see `vvctl tenant list`)\n", cmd);
		return 1;
	}
	if (rc < 0)
		return vv_ctl_failed(cmd, rc);
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
	const struct vv_ctl_opt opts[] = {{"--tenant", &tenant, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	int64_t id = 0;
	if (tenant && (id = vv_ctl_resolve_tenant(cmd, a, tenant)) < 0)
		return 1;
	int rc = vv_prov_partner_list(a, id, stdout);
	return rc < 0 ? vv_ctl_failed(cmd, rc) : 0;
}

const struct vv_ctl_command vv_ctl_partner_commands[] = {
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
	{NULL, NULL, NULL, NULL, 0, NULL},
};
