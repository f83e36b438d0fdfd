/* vvctl tenant create, tenant list, contract set: the hosting provider's
 * tenants and their contracts (the work: provision.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vvctl/ctl.h"
#include "vvctl/provision.h"

/* The tenant named by uuid or exact name for every command that takes
 * --tenant (see ctl.h). */
int64_t vv_ctl_resolve_tenant(const char *cmd, vv_arena_t *a, const char *key)
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
		vv_ctl_failed(cmd, (int)id);
	return -1;
}

static int cmd_tenant_create(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "tenant create", *name = NULL, *tz = NULL, *lang = NULL, *why;
	const struct vv_ctl_opt opts[] = {
		{"--name", &name, NULL}, {"--timezone", &tz, NULL}, {"--language", &lang, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!name)
		return vv_ctl_missing(cmd, "--name");
	if (!tz)
		tz = vv_conf_get("app", "timezone", "Europe/Helsinki");
	if (!lang)
		lang = vv_conf_get("app", "default_language", "fi");
	if ((why = vv_prov_check_text(a, name, VV_PROV_TENANT_NAME_MAX)))
		return vv_ctl_refuse(cmd, "--name", why);
	if ((why = vv_prov_check_timezone(a, tz)))
		return vv_ctl_refuse(cmd, vv_sprintf(a, "'%s':", tz), why);
	if ((why = vv_prov_check_language(lang)))
		return vv_ctl_refuse(cmd, NULL, why);

	struct vv_prov_tenant t = {name, tz, lang};
	char *uuid;
	int64_t id;
	int rc = vv_prov_tenant_create(a, &t, &uuid, &id);
	if (rc < 0)
		return vv_ctl_failed(cmd, rc);
	printf("created tenant '%s' (%s, %s) with the default contract and policies\n%s\n", name,
	       tz, lang, uuid);
	return 0;
}

static int cmd_tenant_list(int argc, char **argv, vv_arena_t *a)
{
	const struct vv_ctl_opt opts[] = {{0}};
	if (vv_ctl_parse_opts("tenant list", argc, argv, opts))
		return EXIT_USAGE;
	int rc = vv_prov_tenant_list(a, stdout);
	return rc < 0 ? vv_ctl_failed("tenant list", rc) : 0;
}

static int cmd_contract_set(int argc, char **argv, vv_arena_t *a)
{
	const char *cmd = "contract set", *tenant = NULL, *part = NULL, *rec = NULL, *share = NULL,
		   *minutes = NULL, *conc = NULL, *why;
	const struct vv_ctl_opt opts[] = {
		{"--tenant", &tenant, NULL}, {"--max-participants", &part, NULL},
		{"--recording", &rec, NULL}, {"--sharing", &share, NULL},
		{"--max-event-minutes", &minutes, NULL}, {"--max-concurrent", &conc, NULL}, {0}};
	if (vv_ctl_parse_opts(cmd, argc, argv, opts))
		return EXIT_USAGE;
	if (!tenant)
		return vv_ctl_missing(cmd, "--tenant");
	struct vv_prov_contract c = VV_PROV_CONTRACT_KEEP;
	const struct { const char *s, *name; int64_t *v; } nums[] = {
		{part, "--max-participants", &c.max_participants},
		{minutes, "--max-event-minutes", &c.max_event_minutes},
		{conc, "--max-concurrent", &c.max_concurrent},
	};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (nums[i].s && (*nums[i].v = vv_ctl_parse_count(nums[i].s)) < 0)
			return vv_ctl_refuse(cmd, nums[i].name, vv_sprintf(a, "wants a number, not '%s'",
								    nums[i].s));
	}
	if ((rec && (c.recording = vv_ctl_parse_yes_no(rec)) < 0) ||
	    (share && (c.sharing = vv_ctl_parse_yes_no(share)) < 0))
		return vv_ctl_refuse(cmd, NULL, "--recording and --sharing are yes or no");
	if ((why = vv_prov_check_contract(a, &c)))
		return vv_ctl_refuse(cmd, NULL, why);

	int64_t id = vv_ctl_resolve_tenant(cmd, a, tenant);
	if (id < 0)
		return 1;
	if (!part && !rec && !share && !minutes && !conc) {
		/* Nothing to change: shows the contract (test fixtures rely on
		 * this being a success). */
		printf("contract of '%s': ", tenant);
		int e = vv_prov_contract_print(a, id, stdout);
		return e < 0 ? vv_ctl_failed(cmd, e) : 0;
	}
	int rc = vv_prov_contract_set(a, id, &c);
	if (rc < 0)
		return vv_ctl_failed(cmd, rc);
	printf("contract of '%s' updated: ", tenant);
	vv_prov_contract_print(a, id, stdout);
	if (rc == 1)
		printf("the policy's default capacity was lowered to %lld\n",
		       (long long)c.max_participants);
	return 0;
}

const struct vv_ctl_command vv_ctl_tenant_commands[] = {
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
	 "                           (no ends every share: the other tenants' customers\n"
	 "                           leave the coming events, their queues move up)\n"
	 "  --max-event-minutes N    longest event, 15-1440 in steps of 15\n"
	 "  --max-concurrent N       events running at once, 1-1000\n",
	 1, cmd_contract_set},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
