<?xml version="1.0" encoding="UTF-8"?>
<!-- Tabletin kamera, mikrofoni ja kaiutin (GET /{lang}/ecare/devices): a
     care worker chooses them once on the customer's tablet (issue #17 item
     1); the customer's Liity then uses them without asking. The choice is
     the tablet browser's own (static/js/devices.js): a device's id means
     nothing anywhere else. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="d" select="/page/devices"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('devices.title')"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<link rel="stylesheet" href="/static/call.css"/>
	<script src="/static/js/devices.js" defer="defer"></script>
</xsl:template>

<!-- Nobody is rung while choosing the tablet's devices. -->
<xsl:template match="page" mode="alarm"/>

<xsl:template name="picker">
	<xsl:param name="id"/>
	<xsl:param name="label"/>
	<div class="field">
		<label for="{$id}"><xsl:value-of select="vv:t($label)"/></label>
		<select id="{$id}" name="{$id}">
			<option value=""><xsl:value-of select="vv:t('devices.default')"/></option>
		</select>
	</div>
</xsl:template>

<xsl:template match="page" mode="main">
	<section id="devices" class="devices" data-saved="{vv:t('devices.saved')}"
		data-cleared="{vv:t('devices.cleared')}" data-denied="{vv:t('devices.denied')}"
		data-none="{vv:t('devices.none')}">
		<h1><xsl:value-of select="vv:t('devices.title')"/></h1>
		<p class="lead"><xsl:value-of select="vv:t('devices.intro')"/></p>
		<noscript><p class="field-error"><xsl:value-of select="vv:t('devices.noscript')"/></p></noscript>
		<div class="devices-grid">
			<div>
				<xsl:call-template name="picker">
					<xsl:with-param name="id" select="'device-cam'"/>
					<xsl:with-param name="label" select="'call.camera'"/>
				</xsl:call-template>
				<xsl:call-template name="picker">
					<xsl:with-param name="id" select="'device-mic'"/>
					<xsl:with-param name="label" select="'call.microphone'"/>
				</xsl:call-template>
				<div class="field">
					<label for="device-level"><xsl:value-of select="vv:t('devices.level')"/></label>
					<meter id="device-level" min="0" max="1" value="0"></meter>
				</div>
				<div class="field" id="speaker-field" hidden="hidden">
					<label for="device-speaker"><xsl:value-of select="vv:t('devices.speaker')"/></label>
					<select id="device-speaker" name="device-speaker">
						<option value=""><xsl:value-of select="vv:t('devices.default')"/></option>
					</select>
				</div>
				<p>
					<button type="button" id="device-test-sound" class="button button-secondary">
						<xsl:value-of select="vv:t('devices.test-sound')"/>
					</button>
				</p>
			</div>
			<div>
				<video id="device-preview" autoplay="autoplay" muted="muted" playsinline="playsinline"
					aria-label="{vv:t('devices.preview')}"></video>
			</div>
		</div>
		<p id="device-status" role="status" class="flash" hidden="hidden"></p>
		<p class="inline">
			<button type="button" id="device-save" class="button"><xsl:value-of select="vv:t('devices.save')"/></button>
			<button type="button" id="device-clear" class="button button-secondary"><xsl:value-of select="vv:t('devices.clear')"/></button>
			<xsl:if test="$d/@back">
				<a class="button button-secondary" href="{$d/@back}"><xsl:value-of select="vv:t('devices.back')"/></a>
			</xsl:if>
		</p>
		<audio id="device-sound" src="/static/sounds/alarm.wav" preload="none"></audio>
	</section>
</xsl:template>

</xsl:stylesheet>
