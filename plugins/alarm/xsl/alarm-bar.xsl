<?xml version="1.0" encoding="UTF-8"?>
<!--
  The start alarm's green bar (R-EN-4..6), plugin alarm's page-wide part
  (alarm/plugin.c): the layout applies mode="alarm" first in <main> of
  every page, and the bar shows for anyone signed in; a page where the bar
  must not be, the call page, supplies an empty mode="alarm" of its own. The template brings its own
  stylesheet link and script (/static/js/alarm.js, which polls data-poll
  every 5 s). The bar stays hidden until an event the user is enrolled in
  runs; the script fills in the event's name. Nothing here may depend on
  anything but the language and the role (both in the document's ctx): the
  page stays a pure function of its document (core/rendercache.c).
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template match="page" mode="alarm">
	<xsl:if test="$role != 'anon' and $role != ''">
		<xsl:call-template name="alarm-bar"/>
	</xsl:if>
</xsl:template>

<xsl:template name="alarm-bar">
	<link rel="stylesheet" href="/static/alarm.css"/>
	<!-- Pressing anywhere on the bar joins; the button is the control a
	     keyboard or a screen reader finds. Colour is never the only signal:
	     the bar says what is happening and the button says Liity. -->
	<div id="alarm-bar" class="alarm-bar" role="alert" aria-live="assertive" hidden="hidden"
		data-poll="{concat('/', /page/ctx/@lang, '/ecare/poll')}" data-joining="{vv:t('alarm.joining')}"
		data-start-title="{vv:t('alarm.start.title')}" data-start-press="{vv:t('alarm.start.press')}">
		<!-- Staff are at work: alarm.js rings once, joins only from the
		     button, and Sulje puts the bar away for that event. -->
		<xsl:if test="$is-staff">
			<xsl:attribute name="data-staff">1</xsl:attribute>
			<xsl:attribute name="class">alarm-bar alarm-staff</xsl:attribute>
		</xsl:if>
		<p class="alarm-text">
			<span class="alarm-starting"><xsl:value-of select="vv:t('alarm.starting')"/></span>
			<xsl:text> </xsl:text>
			<strong id="alarm-name" class="alarm-name"></strong>
		</p>
		<!-- a recorded event says so before the tablet joins; the call page asks (issue #11) -->
		<p id="alarm-recorded" class="alarm-recorded" hidden="hidden"><xsl:value-of select="vv:t('alarm.recorded')"/></p>
		<button type="button" id="alarm-join" class="alarm-join"><xsl:value-of select="vv:t('ev.join')"/></button>
		<xsl:if test="$is-staff">
			<button type="button" id="alarm-close" class="alarm-close"><xsl:value-of select="vv:t('alarm.close')"/></button>
		</xsl:if>
		<p id="alarm-hint" class="alarm-hint" hidden="hidden"><xsl:value-of select="vv:t('alarm.press-to-hear')"/></p>
	</div>
	<audio id="alarm-sound" preload="auto" loop="loop" src="/static/sounds/alarm.wav"></audio>
	<script src="/static/js/alarm.js" defer="defer"></script>
</xsl:template>

</xsl:stylesheet>
