/* The plugin ABI.
 *
 * A plugin is a shared object exporting one symbol, vv_plugin_entry, a
 * struct vv_plugin made with VV_PLUGIN(...). The core compares its ABI
 * version and struct sizes with its own before using anything else in it
 * (the idea of PostgreSQL's PG_MODULE_MAGIC) and refuses a mismatch with
 * one log line. New members are only ever appended to these structs. */
#ifndef VV_PLUGIN_H
#define VV_PLUGIN_H

#include <stdbool.h>
#include <stdint.h>
#include "vv/req.h"

#define VV_ABI_VERSION 1u

/* Handles one request: adds data under vv_page(r) (or sets a body with
 * vv_resp_body) and returns the HTTP status. A negative VV_ code is
 * turned into the matching error page (VV_NOTFOUND 404, VV_FORBIDDEN 403,
 * VV_INVALID 400, VV_UNAVAILABLE 503, anything else 500). */
typedef int (*vv_handler_fn)(vv_req_t *r);

/* Route flags. */
#define VV_ROUTE_NOLANG 0x01u  /* pattern is the whole path, no /fi prefix */
#define VV_ROUTE_NOCSRF 0x02u  /* state-changing but exempt from the CSRF check (token-authenticated APIs) */
/* GET only: the core neither loads the session nor checks roles before the
 * handler, which first tries a cheaper proof keyed by vv_session_key and
 * otherwise calls vv_session_require (vv/auth.h). For the hottest reads. */
#define VV_ROUTE_OWN_SESSION 0x04u
/* A JSON endpoint (what a script asks): every error the core answers for
 * it - 404, 403, 405, a failed CSRF check, 503, 500 - is JSON of one
 * shape, {"ok":false,"status":503,"error":"error.503.title"}, not an HTML
 * page. "error" is a catalogue key, as plugins' own JSON errors are (the
 * page lists the texts its script shows): error.<status>.title, or
 * error.csrf for a failed CSRF check, error.title for any other status.
 * A handler that returns a negative VV_ code gets the same answer. */
#define VV_ROUTE_JSON 0x08u

struct vv_route {
	const char *method;     /* "GET" or "POST" */
	/* Path after the language prefix. Segments are literal or typed
	 * parameters: {uuid}, {int}, {token} (URL-safe base64, 16-128 chars),
	 * {slug} ([a-z0-9_-]+), optionally named: {id:int}. */
	const char *pattern;
	vv_handler_fn handler;
	unsigned roles;         /* VV_ROLE_* bits allowed */
	unsigned flags;         /* VV_ROUTE_* */
	const char *stylesheet; /* file name under the xsl directory, e.g. "home.xsl"; NULL for raw bodies */
};

struct vv_video_ops; /* the video adapter kind; see vv/video.h */

/* A link in the page header's menu. Plugins add them; the core lays them
 * out for each role (core/render/frame.c): items sorted by order, a
 * drop-down <details> menu per distinct menu key (placed where its first
 * item falls), inside it one list per run of items with the same group,
 * headed by the group's text when group is set. Keys are message keys
 * ([a-z0-9._-]+) the plugin's catalogue (or the core's, for the frame's
 * own menus nav.ecare and nav.company) defines. The link is marked
 * aria-current while the page's path starts with path. */
struct vv_menu_item {
	const char *menu;   /* key of the drop-down menu's name; NULL: a button of its own */
	const char *group;  /* key of its group's heading in the menu; NULL: no heading */
	const char *label;  /* key of the link's text */
	const char *path;   /* after the language prefix: "/ecare/events" ([A-Za-z0-9/._-]) */
	unsigned roles;     /* VV_ROLE_* bits that see it */
	int order;          /* place among every plugin's items, smaller first */
};

/* Where a page-wide part goes. */
#define VV_SLOT_HEAD "head"         /* end of <head> */
#define VV_SLOT_HEADER "header"     /* the header's tools, after the menu */
#define VV_SLOT_MAIN_TOP "main-top" /* first in <main> (the alarm's bar) */
#define VV_SLOT_BODY_END "body-end" /* after <main> */

/* Something a plugin puts on every page: the stylesheet (a file the
 * plugin ships in its xsl/ folder) defines <xsl:template match="page"
 * mode="MODE">, which the layout applies in the slot. A page stylesheet
 * may override that mode, e.g. with an empty template (the call page has
 * no alarm bar). The template's output may depend only on the page
 * document (the page cache keys on it). */
struct vv_part {
	const char *slot;       /* VV_SLOT_* */
	const char *mode;       /* [a-z0-9-]+, unique among loaded plugins; not title, head or main */
	const char *stylesheet; /* file name under the xsl directory, e.g. "alarm-bar.xsl" */
	int order;              /* place within the slot, smaller first */
};

struct vv_plugin {
	uint32_t abi_version;  /* VV_ABI_VERSION the plugin was built with */
	uint32_t plugin_size;  /* sizeof(struct vv_plugin) it was built with */
	uint32_t route_size;   /* sizeof(struct vv_route) it was built with */
	const char *name;      /* unique among loaded plugins, [a-z0-9_]+ */
	const struct vv_route *routes; /* ends with an all-zero entry; may be NULL */
	/* Called once per worker after loading; non-zero refuses the plugin. */
	int (*init)(void);
	/* Called once per worker at exit. */
	void (*fini)(void);
	/* Set by video adapter plugins only. */
	const struct vv_video_ops *video;
	/* Work no visitor's request triggers (ending events whose time ran
	 * out, converting their recordings). Called about every [server]
	 * tick_seconds (default 30; 0 turns ticks off) in the ticker, a
	 * process of each host that serves no request, with a request of
	 * nobody: no session, no tenant, role VV_ROLE_ANON, its own arena,
	 * reset afterwards. A tick may take long (it delays no page), but
	 * should return soon once vv_stopping() says so. Every host has a
	 * ticker, so claim each piece of work in the database (an UPDATE ...
	 * WHERE on its state) before doing it. May be NULL. */
	void (*tick)(vv_req_t *r);
	/* Appended in ABI 1 (a plugin built before reads as having none). */
	uint32_t menu_item_size;         /* sizeof(struct vv_menu_item) it was built with */
	const struct vv_menu_item *menu; /* ends with an all-zero entry; may be NULL */
	uint32_t part_size;              /* sizeof(struct vv_part) it was built with */
	const struct vv_part *parts;     /* ends with an all-zero entry; may be NULL */
};

/* True once this process has been told to stop (SIGTERM: a reload or a
 * shutdown): a long tick returns, a child it waits for is stopped. */
bool vv_stopping(void);

/* True when some loaded plugin serves method on path (after the language
 * prefix), e.g. to link to another plugin's page only when it exists. */
bool vv_route_exists(const char *method, const char *path);

#define VV_PLUGIN_ENTRY_SYMBOL "vv_plugin_entry"

/* The entry with named members, for a plugin with a menu or parts:
 *   VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "events", .routes = routes,
 *                       .menu = menu };
 * VV_PLUGIN_MAGIC fills in the version and every struct size. */
#define VV_PLUGIN_ENTRY \
	__attribute__((visibility("default"))) const struct vv_plugin vv_plugin_entry
#define VV_PLUGIN_MAGIC \
	.abi_version = VV_ABI_VERSION, .plugin_size = sizeof(struct vv_plugin), \
	.route_size = sizeof(struct vv_route), .menu_item_size = sizeof(struct vv_menu_item), \
	.part_size = sizeof(struct vv_part)

/* Declares the entry: VV_PLUGIN("name", routes, init, fini, video), or
 * with a tick: VV_PLUGIN_TICK("name", routes, init, fini, video, tick). */
#define VV_PLUGIN_TICK(name_, routes_, init_, fini_, video_, tick_)             \
	VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = (name_), .routes = (routes_), \
		.init = (init_), .fini = (fini_), .video = (video_), .tick = (tick_) }
#define VV_PLUGIN(name_, routes_, init_, fini_, video_) \
	VV_PLUGIN_TICK(name_, routes_, init_, fini_, video_, NULL)

#endif
