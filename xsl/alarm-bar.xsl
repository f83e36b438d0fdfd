<?xml version="1.0" encoding="UTF-8"?>
<!--
  The start alarm's green bar (R-EN-4..6), for the customer's calendar.
  A page stylesheet that imports layout.xsl includes this file and calls
    <xsl:call-template name="alarm-bar"/>
  once, anywhere in its content (the top of <main> is best: the bar sticks
  to the top of the screen). The template brings its own stylesheet link
  and script (/static/js/calendar.js, which polls every 5 s); the poll URL
  is the data-poll of an element id="calendar" when the page has one, else
  the bar's own. The bar stays hidden until an event the user is enrolled
  in runs; the script fills in the event's name.
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="alarm-bar">
	<link rel="stylesheet" href="/static/alarm.css"/>
	<!-- Pressing anywhere on the bar joins; the button is the control a
	     keyboard or a screen reader finds. Colour is never the only signal:
	     the bar says what is happening and the button says Liity. -->
	<div id="alarm-bar" class="alarm-bar" role="alert" aria-live="assertive" hidden="hidden"
		data-poll="{concat('/', /page/ctx/@lang, '/ecare/poll')}" data-joining="{vv:t('alarm.joining')}">
		<p class="alarm-text">
			<span class="alarm-starting"><xsl:value-of select="vv:t('alarm.starting')"/></span>
			<xsl:text> </xsl:text>
			<strong id="alarm-name" class="alarm-name"></strong>
		</p>
		<button type="button" id="alarm-join" class="alarm-join"><xsl:value-of select="vv:t('ev.join')"/></button>
		<p id="alarm-hint" class="alarm-hint" hidden="hidden"><xsl:value-of select="vv:t('alarm.press-to-hear')"/></p>
	</div>
	<audio id="alarm-sound" preload="auto" loop="loop" src="/static/sounds/alarm.wav"></audio>
	<script src="/static/js/calendar.js" defer="defer"></script>
</xsl:template>

</xsl:stylesheet>
