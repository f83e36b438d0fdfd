/* Message catalogues: xsl/i18n/<lang>.xml plus one xsl/i18n/<area>.<lang>.xml
 * per feature area (so that each plugin's texts live beside each other and
 * two people adding texts do not edit one file), read once per worker into
 * one hash table per language, so that vv:t() costs a hash lookup and no
 * file access. A key defined twice, in one file or across files, is an error.
 *
 * Format: <catalog lang="fi"><m k="home.title">Tervetuloa</m>...</catalog> */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "core.h"
#include "render/i18n.h"

static const char *const langs[] = { "fi", "sv", "en" };
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static xmlHashTablePtr tables[NLANGS];

static void free_entry(void *payload, const xmlChar *name)
{
	(void)name;
	xmlFree(payload);
}

static int lang_index(const char *lang)
{
	if (!lang)
		return -1;
	for (size_t i = 0; i < NLANGS; i++)
		if (strcmp(lang, langs[i]) == 0)
			return (int)i;
	return -1;
}

/* Adds the messages of one catalogue file to h. A duplicate key is an
 * error: the second text would otherwise be silently ignored. */
static int load_one(const char *path, const char *lang, xmlHashTablePtr h)
{
	int rc = VV_ERR;
	xmlChar *clang = NULL;
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	if (!doc) {
		vv_error("i18n: cannot read catalogue %s", path);
		goto out;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || !xmlStrEqual(root->name, (const xmlChar *)"catalog")) {
		vv_error("i18n: %s: root element is not <catalog>", path);
		goto out;
	}
	clang = xmlGetProp(root, (const xmlChar *)"lang");
	if (!clang || strcmp((const char *)clang, lang) != 0) {
		vv_error("i18n: %s: lang attribute is not \"%s\"", path, lang);
		goto out;
	}
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrEqual(n->name, (const xmlChar *)"m")) {
			vv_error("i18n: %s:%ld: unexpected <%s>", path, xmlGetLineNo(n),
				 (const char *)n->name);
			goto out;
		}
		xmlChar *k = xmlGetProp(n, (const xmlChar *)"k");
		xmlChar *text = xmlNodeGetContent(n);
		int bad = !k || !*k || !text || xmlHashAddEntry(h, k, text) != 0;
		if (bad) {
			vv_error("i18n: %s:%ld: missing or duplicate key \"%s\"", path,
				 xmlGetLineNo(n), k ? (const char *)k : "");
			xmlFree(text);
		}
		xmlFree(k);
		if (bad)
			goto out;
	}
	rc = 0;
out:
	xmlFree(clang);
	xmlFreeDoc(doc);
	return rc;
}

/* True for "<area>.<lang>.xml" with a non-empty area. */
static bool area_file(const char *name, const char *lang)
{
	size_t n = strlen(name), l = strlen(lang);
	return n > l + 6 && name[0] != '.' && strcmp(name + n - 4, ".xml") == 0 &&
	       name[n - 5 - l] == '.' && strncmp(name + n - 4 - l, lang, l) == 0;
}

static int load_lang(const char *xsl_dir, size_t i)
{
	char path[4096];
	tables[i] = xmlHashCreate(1024);
	if (!tables[i])
		return VV_ERR;
	int n = snprintf(path, sizeof(path), "%s/i18n/%s.xml", xsl_dir, langs[i]);
	if (n < 0 || (size_t)n >= sizeof(path) || load_one(path, langs[i], tables[i]) != 0)
		return VV_ERR;
	snprintf(path, sizeof(path), "%s/i18n", xsl_dir);
	struct dirent **names;
	int count = scandir(path, &names, NULL, alphasort);
	if (count < 0)
		return VV_ERR;
	int rc = 0;
	for (int k = 0; k < count; k++) {
		if (rc == 0 && area_file(names[k]->d_name, langs[i])) {
			n = snprintf(path, sizeof(path), "%s/i18n/%s", xsl_dir, names[k]->d_name);
			if (n < 0 || (size_t)n >= sizeof(path) || load_one(path, langs[i], tables[i]) != 0)
				rc = VV_ERR;
		}
		free(names[k]);
	}
	free(names);
	return rc;
}

int vv_i18n_load(const char *xsl_dir)
{
	vv_i18n_free();
	for (size_t i = 0; i < NLANGS; i++) {
		if (load_lang(xsl_dir, i) != 0) {
			vv_i18n_free();
			return VV_ERR;
		}
	}
	return 0;
}

void vv_i18n_free(void)
{
	for (size_t i = 0; i < NLANGS; i++) {
		if (tables[i])
			xmlHashFree(tables[i], free_entry);
		tables[i] = NULL;
	}
}

const char *vv_i18n_get(const char *lang, const char *key)
{
	int i = lang_index(lang);
	if (i < 0 || !key || !tables[i])
		return NULL;
	return xmlHashLookup(tables[i], (const xmlChar *)key);
}
