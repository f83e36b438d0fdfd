/* GET /{lang}/ecare/devices: the tablet's camera, microphone and speaker,
 * chosen once by a care worker on the tablet itself (issue #17 item 1), so
 * that the customer's one press on Liity never asks. A device's id means
 * something only to the browser that listed it, so the choice is kept in
 * that browser (static/js/devices.js, localStorage "vv.devices") and
 * call.js prefers it to the defaults; nothing about it reaches the server. */
#include "call.h"

int call_devices_page(vv_req_t *r)
{
	xmlNodePtr d = vv_xml_add(vv_page(r), "devices");
	if (vv_route_exists("GET", "/ecare/index/calendar"))
		vv_xml_attr(d, "back", vv_sprintf(vv_req_arena(r), "/%s/ecare/index/calendar",
						  vv_req_lang(r)));
	return 200;
}
