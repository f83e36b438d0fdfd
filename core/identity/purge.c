/* The ticker's purge of sign-in rows nobody can use any more: sessions
 * past either lifetime, login links used up (once no session started by
 * them is left: the admin's device list names the link), revoked, or
 * never used in time, throttle rows whose window and lock have both run
 * out (gone is the same as reset), and known-device marks not seen for
 * [login] device_days.
 *
 * One ticker of all the hosts does it per [session] purge_minutes: it
 * claims the job by moving ticker_claims.due_at forward in one UPDATE,
 * and only the one whose UPDATE changed the row goes on. Each DELETE
 * takes at most PURGE_BATCH rows, so that no statement holds locks for
 * long on a busy table; what is left waits for the next turn. */
#include "core.h"

#define PURGE_BATCH 5000

/* True when this ticker won the purge for this turn. */
static bool claim(vv_arena_t *a)
{
	long minutes = vv_conf_int("session", "purge_minutes", 60);
	if (minutes < 1)
		minutes = 1;
	/* A first run: the row is made due now; of two tickers inserting at
	 * once the duplicate is ignored, and the UPDATE below decides. */
	if (vv_db_exec(a, "INSERT IGNORE INTO ticker_claims (job, due_at) VALUES ('purge', UTC_TIMESTAMP())",
		       VV_DB_NONE) < 0)
		return false;
	int64_t n = vv_db_exec(a,
			       "UPDATE ticker_claims SET due_at = UTC_TIMESTAMP() + INTERVAL ? MINUTE"
			       " WHERE job = 'purge' AND due_at <= UTC_TIMESTAMP()",
			       VV_DB_ARGS(VV_DB_I(minutes)));
	return n == 1;
}

static int64_t purge(vv_arena_t *a, const char *what, const char *sql, const struct vv_db_param *p,
		     size_t n)
{
	int64_t k = vv_db_exec_args(a, sql, p, n);
	if (k < 0)
		vv_warn("purge %s failed (%lld)", what, (long long)k);
	return k > 0 ? k : 0;
}

int64_t vv_purge_tick(vv_arena_t *a)
{
	if (!claim(a))
		return 0;
	int64_t total = 0;
	total += purge(a, "sessions",
		       "DELETE FROM sessions WHERE expires_at <= UTC_TIMESTAMP()"
		       " OR idle_expires_at <= UTC_TIMESTAMP() LIMIT " VV_STR(PURGE_BATCH),
		       VV_DB_NONE);
	total += purge(a, "login links",
		       "DELETE FROM login_links WHERE (revoked_at IS NOT NULL"
		       " OR (used_at IS NULL AND created_at <= UTC_TIMESTAMP() - INTERVAL ? DAY)"
		       " OR used_at IS NOT NULL)"
		       " AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.login_link_id = login_links.id)"
		       " LIMIT " VV_STR(PURGE_BATCH),
		       VV_DB_ARGS(VV_DB_I(vv_conf_int("session", "link_unused_days", 14))));
	total += purge(a, "throttle rows",
		       "DELETE FROM login_throttle WHERE window_start < UTC_TIMESTAMP() - INTERVAL ? SECOND"
		       " AND (locked_until IS NULL OR locked_until <= UTC_TIMESTAMP())"
		       " LIMIT " VV_STR(PURGE_BATCH),
		       VV_DB_ARGS(VV_DB_I(vv_conf_int("login", "window_seconds", 900))));
	total += purge(a, "known devices",
		       "DELETE FROM login_devices WHERE last_used_at <= UTC_TIMESTAMP() - INTERVAL ? DAY"
		       " LIMIT " VV_STR(PURGE_BATCH),
		       VV_DB_ARGS(VV_DB_I(vv_conf_int("login", "device_days", 365))));
	if (total)
		vv_info("purge: %lld dead sign-in rows removed", (long long)total);
	return total;
}
