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
	if ((why = routes_problem(&l->p)))
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
					bool lang_tree, bool *path_matched)
{
	*path_matched = false;
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
			*path_matched = true;
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
