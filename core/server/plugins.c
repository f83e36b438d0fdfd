/* Plugin loading: dlopen, check the magic (ABI version and struct sizes)
 * before touching anything else, validate the routes, then init. A
 * refused plugin is closed again and the worker goes on with the rest. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

#define MAX_PLUGINS 64

struct loaded {
	void *handle;
	struct vv_plugin p; /* copied, zero-extended when built with an older (smaller) struct */
};

static struct loaded loaded[MAX_PLUGINS];
static size_t nloaded;

static bool name_ok(const char *n)
{
	if (!n || !*n || strlen(n) > 64)
		return false;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '_'))
			return false;
	return true;
}

/* Checks every route of a plugin; returns NULL or what is wrong. */
static const char *routes_problem(const struct vv_plugin *p)
{
	if (!p->routes)
		return NULL;
	for (size_t i = 0; p->routes[i].method; i++) {
		const struct vv_route *rt = &p->routes[i];
		if (i > 1000)
			return "route table is not terminated";
		if (strcmp(rt->method, "GET") != 0 && strcmp(rt->method, "POST") != 0)
			return "a route has a method other than GET or POST";
		if (!rt->handler)
			return "a route has no handler";
		if (!vv_route_pattern_valid(rt->pattern))
			return "a route pattern is malformed";
		if (!rt->roles)
			return "a route allows no role";
	}
	return NULL;
}

/* A message key or an XSLT mode: pasted into the generated frame
 * stylesheet (core/render/frame.c), so only characters that need no
 * escaping there. */
static bool word_ok(const char *w, const char *extra)
{
	if (!w || !*w || strlen(w) > 64)
		return false;
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9') || strchr(extra, *w)))
			return false;
	return true;
}

/* A menu link's path: "/" and then URL characters that need no escaping. */
static bool menu_path_ok(const char *p)
{
	if (!p || p[0] != '/' || strlen(p) > 200 || strstr(p, ".."))
		return false;
	for (p++; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("/._-", *p)))
			return false;
	return true;
}

static bool slot_ok(const char *s)
{
	return s && (strcmp(s, VV_SLOT_HEAD) == 0 || strcmp(s, VV_SLOT_HEADER) == 0 ||
		     strcmp(s, VV_SLOT_MAIN_TOP) == 0 || strcmp(s, VV_SLOT_BODY_END) == 0);
}

/* Checks a plugin's menu items and page-wide parts; NULL or what is wrong. */
static const char *frame_problem(const struct vv_plugin *p, char *buf, size_t n)
{
	if (p->menu && p->menu_item_size != sizeof(struct vv_menu_item))
		return "menu item size differs from this server's headers";
	if (p->parts && p->part_size != sizeof(struct vv_part))
		return "part size differs from this server's headers";
	for (size_t i = 0; p->menu && p->menu[i].label; i++) {
		const struct vv_menu_item *m = &p->menu[i];
		if (i > 100)
			return "menu is not terminated";
		if ((m->menu && !word_ok(m->menu, "._-")) || (m->group && !word_ok(m->group, "._-")) ||
		    !word_ok(m->label, "._-"))
			return "a menu item's key is not [a-z0-9._-]+";
		if (!menu_path_ok(m->path))
			return "a menu item's path is malformed";
		if (!m->roles)
			return "a menu item is for no role";
	}
	for (size_t i = 0; p->parts && p->parts[i].mode; i++) {
		const struct vv_part *pt = &p->parts[i];
		if (i > 100)
			return "parts are not terminated";
		if (!slot_ok(pt->slot))
			return "a part's slot is not one of VV_SLOT_*";
		if (!word_ok(pt->mode, "-") || !strcmp(pt->mode, "title") || !strcmp(pt->mode, "head") ||
		    !strcmp(pt->mode, "main"))
			return "a part's mode is not [a-z0-9-]+ or is title, head or main";
		char sheet[256]; /* a file name under the xsl directory, as safe as a menu path */
		snprintf(sheet, sizeof(sheet), "/%s", pt->stylesheet ? pt->stylesheet : "");
		if (!pt->stylesheet || pt->stylesheet[0] == '/' || !menu_path_ok(sheet))
			return "a part's stylesheet name is malformed";
		for (size_t k = 0; k < nloaded; k++)
			for (const struct vv_part *o = loaded[k].p.parts; o && o->mode; o++)
				if (strcmp(o->mode, pt->mode) == 0) {
					snprintf(buf, n, "part mode %s is already plugin %s's", pt->mode,
						 loaded[k].p.name);
					return buf;
				}
	}
	return NULL;
}

/* Two plugins serving one route: the first loaded would win in silence. */
static const char *route_taken(const struct vv_plugin *p, char *buf, size_t n)
{
	for (const struct vv_route *rt = p->routes; rt && rt->method; rt++)
		for (size_t k = 0; k < nloaded; k++)
			for (const struct vv_route *o = loaded[k].p.routes; o && o->method; o++)
				if (strcmp(o->method, rt->method) == 0 && strcmp(o->pattern, rt->pattern) == 0 &&
				    (o->flags & VV_ROUTE_NOLANG) == (rt->flags & VV_ROUTE_NOLANG)) {
					snprintf(buf, n, "route %s %s of plugin %s is already plugin %s's",
						 rt->method, rt->pattern, p->name, loaded[k].p.name);
					return buf;
				}
	return NULL;
}

static void load_one(const char *dir, const char *entry, bool log)
{
	char path[4096];
	if (strchr(entry, '/'))
		snprintf(path, sizeof(path), "%s", entry);
	else
		snprintf(path, sizeof(path), "%s/%s.so", dir, entry);

	const char *why = NULL;
	char whybuf[512];
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(whybuf, sizeof(whybuf), "cannot load: %s", dlerror());
		why = whybuf;
		goto out;
	}
	const struct vv_plugin *ent = dlsym(h, VV_PLUGIN_ENTRY_SYMBOL);
	if (!ent) {
		why = "no " VV_PLUGIN_ENTRY_SYMBOL " symbol";
		goto out;
	}
	if (ent->abi_version != VV_ABI_VERSION) {
		snprintf(whybuf, sizeof(whybuf), "built for ABI version %u, this server speaks %u",
			 ent->abi_version, VV_ABI_VERSION);
		why = whybuf;
		goto out;
	}
	/* Structs only grow at the end: a smaller one from an older header is
	 * fine (missing members read as zero), a larger one is from the future. */
	if (ent->plugin_size < offsetof(struct vv_plugin, fini) + sizeof(ent->fini) ||
	    ent->plugin_size > sizeof(struct vv_plugin) ||
	    ent->route_size != sizeof(struct vv_route)) {
		why = "struct sizes differ from this server's headers";
		goto out;
	}
	if (nloaded == MAX_PLUGINS) {
		why = "too many plugins";
		goto out;
	}
	struct loaded *l = &loaded[nloaded];
	memset(l, 0, sizeof(*l));
	memcpy(&l->p, ent, ent->plugin_size);
	if (!name_ok(l->p.name)) {
		why = "plugin name is not [a-z0-9_]+";
		goto out;
	}
	for (size_t i = 0; i < nloaded; i++) {
		if (strcmp(loaded[i].p.name, l->p.name) == 0) {
			why = "a plugin of the same name is already loaded";
			goto out;
		}
	}
	if ((why = routes_problem(&l->p)) || (why = route_taken(&l->p, whybuf, sizeof(whybuf))) ||
	    (why = frame_problem(&l->p, whybuf, sizeof(whybuf))))
		goto out;
	if (l->p.init && l->p.init() != 0) {
		why = "its init failed";
		goto out;
	}
	l->handle = h;
	nloaded++;
	if (log)
		vv_info("plugin %s loaded from %s", l->p.name, path);
	return;
out:
	if (log)
		vv_error("plugin %s refused: %s (%s)", entry, why, path);
	if (h)
		dlclose(h);
}

int vv_plugins_load(const char *dir, const char *list, bool log_refusals)
{
	char *copy = strdup(list ? list : "");
	if (!copy)
		return 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save))
		load_one(dir, tok, log_refusals);
	free(copy);
	return (int)nloaded;
}

void vv_plugins_unload(void)
{
	while (nloaded > 0) {
		struct loaded *l = &loaded[--nloaded];
		if (l->p.fini)
			l->p.fini();
		dlclose(l->handle);
	}
}

size_t vv_plugins_count(void)
{
	return nloaded;
}

const struct vv_plugin *vv_plugins_get(size_t i)
{
	return i < nloaded ? &loaded[i].p : NULL;
}

const struct vv_route *vv_plugins_route(vv_req_t *r, const char *method, const char *path,
					bool lang_tree, const struct vv_route **path_route)
{
	*path_route = NULL;
	for (size_t i = 0; i < nloaded; i++) {
		const struct vv_route *rt = loaded[i].p.routes;
		for (; rt && rt->method; rt++) {
			bool nolang = (rt->flags & VV_ROUTE_NOLANG) != 0;
			if (nolang == lang_tree)
				continue;
			if (!vv_route_match(r, rt->pattern, path))
				continue;
			if (strcmp(rt->method, method) == 0)
				return rt;
			*path_route = rt;
			r->args.n = 0;
		}
	}
	return NULL;
}

bool vv_route_exists(const char *method, const char *path)
{
	for (size_t i = 0; i < nloaded; i++)
		for (const struct vv_route *rt = loaded[i].p.routes; rt && rt->method; rt++)
			if (!(rt->flags & VV_ROUTE_NOLANG) && strcmp(rt->method, method) == 0 &&
			    vv_route_matches(rt->pattern, path))
				return true;
	return false;
}

const struct vv_video_ops *vv_video(vv_req_t *r)
{
	(void)r; /* one adapter for every tenant until tenants choose their own */
	const char *want = vv_conf_get("video", "adapter", "janus");
	for (size_t i = 0; i < nloaded; i++) {
		const struct vv_video_ops *v = loaded[i].p.video;
		if (!v || v->size < offsetof(struct vv_video_ops, recording) + sizeof(v->recording))
			continue;
		if (v->name && strcmp(v->name, want) == 0)
			return v;
	}
	return NULL;
}
