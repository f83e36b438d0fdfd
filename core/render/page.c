/* The request's page document: what a handler fills and a stylesheet turns
 * into HTML. The document belongs to the request arena; every node made
 * here belongs to the document and goes with it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <libxml/tree.h>
#include "core.h"

/* The arena calls cleanups as void (*)(void *); calling xmlFreeDoc through
 * that type would be undefined behaviour, hence the wrapper. */
static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

xmlNodePtr vv_page(vv_req_t *r)
{
	if (r->page)
		return r->page;
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!doc)
		abort(); /* out of memory: the master replaces the worker, as vv_alloc does */
	if (vv_arena_cleanup(r->arena, free_doc, doc) != 0)
		abort(); /* the cleanup already freed doc */
	xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"page", NULL);
	if (!root)
		abort();
	xmlDocSetRootElement(doc, root);
	r->doc = doc;
	r->page = root;
	r->errors = NULL;
	r->nerrors = 0;
	return root;
}

xmlNodePtr vv_xml_add(xmlNodePtr parent, const char *name)
{
	if (!parent || !name)
		return NULL;
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

xmlNodePtr vv_xml_text(xmlNodePtr parent, const char *name, const char *text)
{
	if (!parent || !name)
		return NULL;
	/* xmlNewTextChild (unlike xmlNewChild) takes text literally: a '&' in
	 * user input stays a '&' and is escaped when serialized. */
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

void vv_xml_attr(xmlNodePtr n, const char *name, const char *value)
{
	if (!n || !name || !value)
		return;
	xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

void vv_xml_attr_int(xmlNodePtr n, const char *name, int64_t value)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, value);
	vv_xml_attr(n, name, buf);
}

void vv_form_error(vv_req_t *r, const char *field, const char *key)
{
	xmlNodePtr page = vv_page(r);
	if (!r->errors)
		r->errors = vv_xml_add(page, "errors");
	xmlNodePtr e = vv_xml_add(r->errors, "error");
	vv_xml_attr(e, "field", field);
	vv_xml_attr(e, "key", key);
	r->nerrors++;
}

void vv_form_error_arg(vv_req_t *r, const char *field, const char *key, const char *arg)
{
	vv_form_error(r, field, key);
	xmlNodePtr last = xmlGetLastChild(r->errors);
	vv_xml_attr(last, "arg", arg);
}

int vv_form_errors(const vv_req_t *r)
{
	return r->nerrors;
}

void vv_form_errors_clear(vv_req_t *r)
{
	if (r->errors) {
		xmlUnlinkNode(r->errors);
		xmlFreeNode(r->errors);
	}
	r->errors = NULL;
	r->nerrors = 0;
}
