<?xml version="1.0" encoding="UTF-8"?>
<!-- The create form (R-EV-1..9): the fields in the guide's order and with
     its labels. Every refusal comes back here with the input kept. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="events-common.xsl"/>

<xsl:variable name="f" select="/page/event-form"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('events.new-title')"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<script src="/static/js/events.js" defer="defer"></script>
</xsl:template>

<!-- A checkbox with its label after it. -->
<xsl:template name="check">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="checked"/>
	<xsl:param name="hint" select="''"/>
	<div class="field">
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="checkbox" value="1">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$checked">
				<xsl:attribute name="checked">checked</xsl:attribute>
			</xsl:if>
		</input>
		<label for="{$field}" class="inline"><xsl:value-of select="$label"/></label>
		<xsl:if test="$hint != ''">
			<p class="hint"><xsl:value-of select="$hint"/></p>
		</xsl:if>
	</div>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="events-crumbs">
		<xsl:with-param name="here" select="vv:t('events.new-title')"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('events.new-title')"/></h1>
	<form method="post" action="{$base}/ecare/events/new" novalidate="novalidate">
		<xsl:call-template name="csrf"/>

		<!-- R-EV-1 -->
		<div class="field">
			<label for="max"><xsl:value-of select="vv:t('ev.max')"/></label>
			<p class="hint" id="max-hint"><xsl:value-of select="vv:t('events.max-hint', $f/@limit)"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'max'"/>
			</xsl:call-template>
			<input type="number" min="1" max="{$f/@limit}" step="1" inputmode="numeric" value="{$f/@max}">
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'max'"/>
				</xsl:call-template>
			</input>
		</div>

		<!-- R-EV-2, R-EV-3 -->
		<xsl:call-template name="check">
			<xsl:with-param name="field" select="'record'"/>
			<xsl:with-param name="label" select="vv:t('ev.record')"/>
			<xsl:with-param name="checked" select="$f/@record = '1'"/>
			<xsl:with-param name="hint">
				<xsl:choose>
					<xsl:when test="$f/@recording-allowed = '1'"><xsl:value-of select="vv:t('events.record-hint')"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('contract.recording')"/></xsl:otherwise>
				</xsl:choose>
			</xsl:with-param>
		</xsl:call-template>
		<xsl:call-template name="check">
			<xsl:with-param name="field" select="'forced'"/>
			<xsl:with-param name="label" select="vv:t('ev.forced')"/>
			<xsl:with-param name="checked" select="$f/@forced = '1'"/>
			<xsl:with-param name="hint" select="vv:t('events.forced-hint')"/>
		</xsl:call-template>

		<!-- R-EV-4 -->
		<div class="field">
			<label for="type"><xsl:value-of select="vv:t('ev.type')"/></label>
			<xsl:if test="not($f/type)">
				<p class="hint"><xsl:value-of select="vv:t('events.no-types')"/></p>
			</xsl:if>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'type'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'type'"/>
				</xsl:call-template>
				<xsl:call-template name="events-option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('events.choose')"/>
					<xsl:with-param name="current" select="$f/@type"/>
				</xsl:call-template>
				<xsl:for-each select="$f/type">
					<xsl:call-template name="events-option">
						<xsl:with-param name="value" select="@uuid"/>
						<xsl:with-param name="label" select="@name"/>
						<xsl:with-param name="current" select="$f/@type"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>

		<!-- R-EV-5: only for eCare-event organisers. -->
		<xsl:if test="$f/@organiser = '1'">
			<div class="field">
				<label for="group"><xsl:value-of select="vv:t('ev.external')"/></label>
				<p class="hint"><xsl:value-of select="vv:t('events.group-hint')"/></p>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'group'"/>
				</xsl:call-template>
				<select>
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'group'"/>
					</xsl:call-template>
					<xsl:call-template name="events-option">
						<xsl:with-param name="value" select="''"/>
						<xsl:with-param name="label" select="vv:t('events.group-none')"/>
						<xsl:with-param name="current" select="$f/@group"/>
					</xsl:call-template>
					<xsl:for-each select="$f/group">
						<xsl:call-template name="events-option">
							<xsl:with-param name="value" select="@uuid"/>
							<xsl:with-param name="label" select="@name"/>
							<xsl:with-param name="current" select="$f/@group"/>
						</xsl:call-template>
					</xsl:for-each>
				</select>
			</div>
		</xsl:if>
		<xsl:if test="$f/@organiser != '1'">
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'group'"/>
			</xsl:call-template>
		</xsl:if>

		<!-- R-EV-6 -->
		<fieldset>
			<legend><xsl:value-of select="vv:t('ev.start')"/></legend>
			<p class="hint"><xsl:value-of select="vv:t('events.start-hint', $f/@tz)"/></p>
			<div class="field">
				<label for="date"><xsl:value-of select="vv:t('events.date')"/></label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'date'"/>
				</xsl:call-template>
				<input type="date" value="{$f/@date}">
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'date'"/>
					</xsl:call-template>
				</input>
			</div>
			<div class="field">
				<label for="time"><xsl:value-of select="vv:t('events.time')"/></label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'time'"/>
				</xsl:call-template>
				<select>
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'time'"/>
					</xsl:call-template>
					<xsl:for-each select="$f/slot">
						<xsl:call-template name="events-option">
							<xsl:with-param name="value" select="@value"/>
							<xsl:with-param name="label" select="translate(@value, ':', '.')"/>
							<xsl:with-param name="current" select="$f/@time"/>
						</xsl:call-template>
					</xsl:for-each>
				</select>
			</div>
			<div class="field">
				<label for="duration"><xsl:value-of select="vv:t('ev.duration')"/></label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'duration'"/>
				</xsl:call-template>
				<select>
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'duration'"/>
					</xsl:call-template>
					<xsl:for-each select="$f/duration">
						<xsl:call-template name="events-option">
							<xsl:with-param name="value" select="@value"/>
							<xsl:with-param name="label" select="vv:t('events.minutes', @value)"/>
							<xsl:with-param name="current" select="$f/@duration"/>
						</xsl:call-template>
					</xsl:for-each>
				</select>
			</div>
		</fieldset>

		<!-- R-EV-7 -->
		<fieldset id="lang">
			<legend><xsl:value-of select="vv:t('ev.language')"/></legend>
			<p class="hint"><xsl:value-of select="vv:t('events.lang-hint')"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'lang'"/>
			</xsl:call-template>
			<xsl:for-each select="$f/lang">
				<div>
					<input type="checkbox" name="lang" id="lang-{@code}" value="{@code}">
						<xsl:if test="@checked = '1'">
							<xsl:attribute name="checked">checked</xsl:attribute>
						</xsl:if>
					</input>
					<label for="lang-{@code}" class="inline"><xsl:value-of select="vv:t(concat('lang.', @code))"/></label>
				</div>
			</xsl:for-each>
		</fieldset>

		<!-- R-EV-8: a name (required) and a description per language. -->
		<xsl:for-each select="$f/lang">
			<fieldset class="event-texts" id="texts-{@code}" lang="{@code}">
				<legend><xsl:value-of select="vv:t('events.texts-in', vv:t(concat('lang.', @code)))"/></legend>
				<div class="field">
					<label for="name_{@code}"><xsl:value-of select="vv:t('ev.name')"/></label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="concat('name_', @code)"/>
					</xsl:call-template>
					<input type="text" autocomplete="off" value="{@name}">
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="concat('name_', @code)"/>
						</xsl:call-template>
					</input>
				</div>
				<div class="field">
					<label for="description_{@code}">
						<xsl:value-of select="concat(vv:t('ev.description'), ' ', vv:t('form.optional'))"/>
					</label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="concat('description_', @code)"/>
					</xsl:call-template>
					<textarea rows="4">
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="concat('description_', @code)"/>
						</xsl:call-template>
						<xsl:value-of select="@description"/>
					</textarea>
				</div>
			</fieldset>
		</xsl:for-each>

		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'submit'"/>
		</xsl:call-template>
		<button type="submit" id="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
	<p><a href="{$base}/ecare/events"><xsl:value-of select="vv:t('events.back')"/></a></p>
</xsl:template>

</xsl:stylesheet>
