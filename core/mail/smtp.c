/* One message to the SMTP relay, with libcurl: its SMTP client speaks
 * STARTTLS and AUTH and its MIME API builds the multipart body, so neither
 * is written here. Called by the ticker only (outbox.c), never in a
 * request: a relay may take seconds to answer. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include "core.h"
#include "mail/smtp.h"

/* An RFC 2047 encoded-word sequence for a header value that is not plain
 * ASCII: UTF-8, base64, each word at most 75 characters and never cut
 * inside a character. ASCII text is returned as it is. */
static const char *header_text(vv_arena_t *a, const char *s)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80 || *p < 0x20)
			ascii = false;
	if (ascii)
		return s;
	size_t n = strlen(s), cap = n * 3 + 64, len = 0;
	char *o = vv_alloc(a, cap);
	size_t i = 0;
	while (i < n) {
		size_t take = n - i < 45 ? n - i : 45;
		while (i + take < n && take > 0 && ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;
		unsigned char b64[64];
		int m = EVP_EncodeBlock(b64, (const unsigned char *)s + i, (int)take);
		len += (size_t)snprintf(o + len, cap - len, "%s=?UTF-8?B?%.*s?=", len ? " " : "", m, b64);
		i += take;
	}
	return o;
}

/* Header values must not carry line breaks (header injection); the queue
 * refuses them already, this is the second lock. */
static bool one_line(const char *s)
{
	return s && !strpbrk(s, "\r\n");
}

static struct curl_slist *add(struct curl_slist *l, vv_arena_t *a, const char *name, const char *value)
{
	return curl_slist_append(l, vv_sprintf(a, "%s: %s", name, value));
}

int vv_smtp_send(vv_arena_t *a, const struct vv_smtp_msg *m, char *err, size_t errlen)
{
	int rc = VV_ERR;
	CURL *c = NULL;
	curl_mime *mime = NULL, *alt = NULL;
	struct curl_slist *rcpt = NULL, *hdr = NULL, *ics_hdr = NULL;
	char cerr[CURL_ERROR_SIZE] = "";
	snprintf(err, errlen, "not sent");
	if (!m->relay || !*m->relay || !one_line(m->from) || !one_line(m->to) ||
	    !one_line(m->subject) || !one_line(m->from_name ? m->from_name : "")) {
		snprintf(err, errlen, "bad message or no relay");
		return VV_INVALID;
	}
	c = curl_easy_init();
	if (!c)
		goto out;
	curl_easy_setopt(c, CURLOPT_URL, m->relay);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, m->timeout_s > 0 ? m->timeout_s : 60L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, m->tls == VV_SMTP_TLS_REQUIRED ? (long)CURLUSESSL_ALL
					     : m->tls == VV_SMTP_TLS_TRY   ? (long)CURLUSESSL_TRY
									   : (long)CURLUSESSL_NONE);
	if (m->user && *m->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, m->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->password ? m->password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, vv_sprintf(a, "<%s>", m->from));
	rcpt = curl_slist_append(NULL, vv_sprintf(a, "<%s>", m->to));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);

	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	hdr = add(hdr, a, "Date", date);
	hdr = add(hdr, a, "From",
		  m->from_name && *m->from_name
			  ? vv_sprintf(a, "%s <%s>", header_text(a, m->from_name), m->from)
			  : m->from);
	hdr = add(hdr, a, "To",
		  m->to_name && *m->to_name && one_line(m->to_name)
			  ? vv_sprintf(a, "%s <%s>", header_text(a, m->to_name), m->to)
			  : m->to);
	hdr = add(hdr, a, "Subject", header_text(a, m->subject));
	hdr = add(hdr, a, "Message-ID", m->message_id);
	hdr = add(hdr, a, "Auto-Submitted", "auto-generated");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);

	/* multipart/mixed [ multipart/alternative [ text/plain, text/calendar ],
	 * invite.ics ]: the inline calendar part is what mail programs turn into
	 * accept buttons, the attachment what the rest can open. */
	mime = curl_mime_init(c);
	alt = curl_mime_init(c);
	curl_mimepart *p = curl_mime_addpart(alt);
	curl_mime_data(p, m->text, CURL_ZERO_TERMINATED);
	curl_mime_type(p, "text/plain; charset=UTF-8");
	curl_mime_encoder(p, "quoted-printable");
	if (m->ics) {
		p = curl_mime_addpart(alt);
		curl_mime_data(p, m->ics, CURL_ZERO_TERMINATED);
		curl_mime_type(p, vv_sprintf(a, "text/calendar; charset=UTF-8; method=%s",
					     m->ics_method ? m->ics_method : "PUBLISH"));
		curl_mime_encoder(p, "base64");
	}
	p = curl_mime_addpart(mime);
	curl_mime_subparts(p, alt);
	alt = NULL; /* owned by mime now */
	curl_mime_type(p, "multipart/alternative");
	ics_hdr = curl_slist_append(NULL, "Content-Disposition: inline");
	curl_mime_headers(p, ics_hdr, 1);
	ics_hdr = NULL;
	if (m->ics) {
		p = curl_mime_addpart(mime);
		curl_mime_data(p, m->ics, CURL_ZERO_TERMINATED);
		curl_mime_type(p, "application/ics");
		curl_mime_filename(p, "invite.ics");
		curl_mime_encoder(p, "base64");
	}
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);

	CURLcode res = curl_easy_perform(c);
	if (res == CURLE_OK) {
		rc = VV_OK;
		snprintf(err, errlen, "sent");
	} else {
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		snprintf(err, errlen, "%s (%ld)", *cerr ? cerr : curl_easy_strerror(res), code);
		/* 5xx: the relay refuses this message for good */
		rc = code >= 500 && code < 600 ? VV_INVALID : VV_UNAVAILABLE;
	}
out:
	/* The easy handle first: the mime structures are bound to it. */
	if (c)
		curl_easy_cleanup(c);
	curl_mime_free(alt);
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	curl_slist_free_all(ics_hdr);
	return rc;
}
