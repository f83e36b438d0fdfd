<?xml version="1.0" encoding="UTF-8"?>
<!-- Nauhoituksen lisäys (R-RE-1): the fields in the guide's order and with
     its labels. Every refusal comes back here with the input kept. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="recordings-common.xsl"/>

<xsl:variable name="f" select="/page/recording-form"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('recordings.new-title')"/>
</xsl:template>

<!-- The events form's slot script: it refills the time select (#time)
     when the day (#date) changes. -->
<xsl:template match="page" mode="head">
	<script src="/static/js/events.js" defer="defer"></script>
</xsl:template>

<!-- <option> with the current value selected. -->
<xsl:template name="option">
	<xsl:param name="value"/>
	<xsl:param name="label"/>
	<xsl:param name="current"/>
	<option value="{$value}">
		<xsl:if test="string($value) = string($current)">
			<xsl:attribute name="selected">selected</xsl:attribute>
		</xsl:if>
		<xsl:value-of select="$label"/>
	</option>
</xsl:template>

<!-- A text input with its label, hint and message. -->
<xsl:template name="text-field">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="hint" select="''"/>
	<xsl:param name="value"/>
	<xsl:param name="class" select="''"/>
	<div class="field">
		<label for="{$field}"><xsl:value-of select="$label"/></label>
		<xsl:if test="$hint != ''">
			<p class="hint"><xsl:value-of select="$hint"/></p>
		</xsl:if>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="text" autocomplete="off" value="{$value}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$class != ''">
				<xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute>
				<xsl:attribute name="spellcheck">false</xsl:attribute>
			</xsl:if>
		</input>
	</div>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="recordings-crumbs">
		<xsl:with-param name="here" select="vv:t('recordings.new-title')"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('recordings.new-title')"/></h1>
	<p class="hint"><xsl:value-of select="vv:t('recordings.intro')"/></p>
	<form method="post" action="{$base}/ecare/recordings/new" novalidate="novalidate">
		<xsl:call-template name="csrf"/>

		<!-- A recorded event of the tenant (R-RE-4) or, as the guide's label
		     says, a YouTube video. -->
		<div class="field">
			<label for="session"><xsl:value-of select="vv:t('recordings.session-label')"/></label>
			<p class="hint">
				<xsl:choose>
					<xsl:when test="$f/session"><xsl:value-of select="vv:t('recordings.session-hint')"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('recordings.session-none')"/></xsl:otherwise>
				</xsl:choose>
			</p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'session'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'session'"/>
				</xsl:call-template>
				<xsl:call-template name="option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('recordings.session-youtube')"/>
					<xsl:with-param name="current" select="$f/@session"/>
				</xsl:call-template>
				<xsl:for-each select="$f/session">
					<xsl:call-template name="option">
						<xsl:with-param name="value" select="@uuid"/>
						<xsl:with-param name="label" select="concat(@name, ' (', vv:datetime(string(@starts), 'date'), ')')"/>
						<xsl:with-param name="current" select="$f/@session"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
		<xsl:call-template name="text-field">
			<xsl:with-param name="field" select="'video'"/>
			<xsl:with-param name="label" select="vv:t('re.video-id')"/>
			<xsl:with-param name="hint" select="vv:t('recordings.video-hint')"/>
			<xsl:with-param name="value" select="$f/@video"/>
			<xsl:with-param name="class" select="'mono'"/>
		</xsl:call-template>
		<!-- As for events (R-EV-7): the device languages that see it. -->
		<fieldset id="lang">
			<legend><xsl:value-of select="vv:t('ev.language')"/></legend>
			<p class="hint"><xsl:value-of select="vv:t('recordings.lang-hint')"/></p>
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

		<!-- A title in each chosen language, as events have a name in each
		     (R-EV-8): a customer sees the one of their device's language. -->
		<fieldset id="titles">
			<legend><xsl:value-of select="vv:t('re.title')"/></legend>
			<p class="hint"><xsl:value-of select="vv:t('recordings.title-hint')"/></p>
			<xsl:for-each select="$f/lang">
				<xsl:call-template name="text-field">
					<xsl:with-param name="field" select="concat('title_', @code)"/>
					<xsl:with-param name="label" select="vv:t('recordings.title-in', vv:t(concat('lang.', @code)))"/>
					<xsl:with-param name="value" select="@title"/>
				</xsl:call-template>
			</xsl:for-each>
		</fieldset>

		<fieldset>
			<legend><xsl:value-of select="vv:t('ev.start')"/></legend>
			<p class="hint"><xsl:value-of select="vv:t('recordings.start-hint', $f/@tz)"/></p>
			<div class="field">
				<label for="date"><xsl:value-of select="vv:t('recordings.date')"/></label>
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
				<label for="time"><xsl:value-of select="vv:t('recordings.time')"/></label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'time'"/>
				</xsl:call-template>
				<select>
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'time'"/>
					</xsl:call-template>
					<xsl:for-each select="$f/slot">
						<xsl:call-template name="option">
							<xsl:with-param name="value" select="@value"/>
							<xsl:with-param name="label" select="translate(@value, ':', '.')"/>
							<xsl:with-param name="current" select="$f/@time"/>
						</xsl:call-template>
					</xsl:for-each>
				</select>
			</div>
		</fieldset>

		<div class="field">
			<label for="type"><xsl:value-of select="vv:t('ev.type')"/></label>
			<p class="hint">
				<xsl:choose>
					<xsl:when test="$f/type"><xsl:value-of select="vv:t('recordings.type-hint')"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('recordings.no-types')"/></xsl:otherwise>
				</xsl:choose>
			</p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'type'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'type'"/>
				</xsl:call-template>
				<xsl:call-template name="option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('recordings.choose')"/>
					<xsl:with-param name="current" select="$f/@type"/>
				</xsl:call-template>
				<xsl:for-each select="$f/type">
					<xsl:call-template name="option">
						<xsl:with-param name="value" select="@uuid"/>
						<xsl:with-param name="label" select="@name"/>
						<xsl:with-param name="current" select="$f/@type"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>

		<!-- As for events (R-EV-5): only for eCare-event organisers. -->
		<xsl:choose>
			<xsl:when test="$f/@organiser = '1'">
				<div class="field">
					<label for="group"><xsl:value-of select="vv:t('ev.external')"/></label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="'group'"/>
					</xsl:call-template>
					<select>
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="'group'"/>
						</xsl:call-template>
						<xsl:call-template name="option">
							<xsl:with-param name="value" select="''"/>
							<xsl:with-param name="label" select="vv:t('recordings.group-none')"/>
							<xsl:with-param name="current" select="$f/@group"/>
						</xsl:call-template>
						<xsl:for-each select="$f/group">
							<xsl:call-template name="option">
								<xsl:with-param name="value" select="@uuid"/>
								<xsl:with-param name="label" select="@name"/>
								<xsl:with-param name="current" select="$f/@group"/>
							</xsl:call-template>
						</xsl:for-each>
					</select>
				</div>
			</xsl:when>
			<xsl:otherwise>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'group'"/>
				</xsl:call-template>
			</xsl:otherwise>
		</xsl:choose>

		<fieldset id="repeat">
			<legend><xsl:value-of select="vv:t('re.repeat')"/></legend>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'repeat'"/>
			</xsl:call-template>
			<xsl:for-each select="$f/repeat">
				<div>
					<input type="radio" name="repeat" id="repeat-{@value}" value="{@value}">
						<xsl:if test="@value = $f/@repeat">
							<xsl:attribute name="checked">checked</xsl:attribute>
						</xsl:if>
					</input>
					<label for="repeat-{@value}" class="inline"><xsl:value-of select="vv:t(concat('re.', @value))"/></label>
				</div>
			</xsl:for-each>
		</fieldset>

		<div class="field">
			<label for="until"><xsl:value-of select="vv:t('ev.end')"/></label>
			<p class="hint"><xsl:value-of select="vv:t('recordings.until-hint')"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'until'"/>
			</xsl:call-template>
			<input type="date" value="{$f/@until}" min="{$f/@date}">
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'until'"/>
				</xsl:call-template>
			</input>
		</div>

		<button type="submit" id="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
	<p><a href="{$base}/ecare/recordings"><xsl:value-of select="vv:t('recordings.back')"/></a></p>
</xsl:template>

</xsl:stylesheet>
