<?xml version="1.0" encoding="UTF-8"?>
<!-- The VV Home calendar (R-EN-1, R-NAV-3): the clock and the date on top,
     the week's dates with Edellinen viikko / Tämä viikko / Seuraava viikko,
     then on the current week (@week 0) today's recordings and events as
     large cards (time first, then the name) and the rest of the week by
     day; on a later week its days. Event names are in the device language
     (their @text-lang); the page chrome in the URL's. A pure function of
     the document (core/rendercache.c): "today" and the bounds come in it.
     Document: <calendar today now dlang staff week weeks><day date at index today?>
       <recording uuid title/>* <event uuid name text-lang starts ends seats people mine running/>*
     </day>x7</calendar> -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="calendar-common.xsl"/>
<!-- The start alarm's green bar comes from layout.xsl, as on every
     signed-in page. -->

<xsl:variable name="cal" select="/page/calendar"/>
<xsl:variable name="week" select="number($cal/@week)"/>
<!-- The dates the page shows: "27.11.2026 – 3.12.2026". -->
<xsl:variable name="period" select="concat(vv:datetime(string($cal/day[@index = 0]/@at), 'date'),
	' – ', vv:datetime(string($cal/day[@index = 6]/@at), 'date'))"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('enrol.calendar.title')"/>
	<xsl:if test="$week &gt; 0">
		<xsl:value-of select="concat(': ', $period)"/>
	</xsl:if>
</xsl:template>

<xsl:template match="page" mode="head">
	<xsl:call-template name="calendar-css"/>
	<!-- issue #17: the clock, "now" and the day's list move on their own -->
	<script src="/static/js/calendar.js" defer="defer"></script>
</xsl:template>

<xsl:template match="page" mode="main">
	<div id="calendar" class="calendar" data-today="{$cal/@today}" data-week="{$week}"
		data-tz="{$ctx/@tz}" data-lang="{$lang}" data-running-label="{vv:t('enrol.running')}">
		<header class="cal-now">
			<p class="cal-clock">
				<span class="visually-hidden"><xsl:value-of select="concat(vv:t('enrol.clock'), ' ')"/></span>
				<time id="cal-clock"><xsl:value-of select="vv:datetime(string($cal/@now), 'time')"/></time>
			</p>
			<p class="cal-date" id="cal-date"><xsl:value-of select="vv:datetime(string($cal/@now), 'weekday')"/></p>
		</header>

		<xsl:if test="$cal/@staff = '1'">
			<p class="hint"><xsl:value-of select="vv:t('enrol.staff-hint')"/></p>
		</xsl:if>

		<div class="cal-period-bar">
			<h1 id="cal-period" class="cal-period">
				<xsl:choose>
					<xsl:when test="$week = 0"><xsl:value-of select="vv:t('enrol.period.this', $period)"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('enrol.period', $period)"/></xsl:otherwise>
				</xsl:choose>
			</h1>
			<xsl:call-template name="week-nav"/>
		</div>

		<xsl:choose>
			<xsl:when test="$week = 0"><xsl:call-template name="this-week"/></xsl:when>
			<xsl:otherwise><xsl:call-template name="later-week"/></xsl:otherwise>
		</xsl:choose>
	</div>
</xsl:template>

<!-- Big buttons with words (UX.md: no small links, no icons alone); the
     arrows are decoration. No way back before the current week; none ahead
     after the last week there is, which the page then says. -->
<xsl:template name="week-nav">
	<nav class="cal-nav" aria-label="{vv:t('enrol.week.nav')}">
		<xsl:if test="$week &gt; 0">
			<a class="button button-secondary cal-button cal-prev" rel="prev">
				<xsl:attribute name="href">
					<xsl:call-template name="calendar-href">
						<xsl:with-param name="week" select="$week - 1"/>
					</xsl:call-template>
				</xsl:attribute>
				<span aria-hidden="true">← </span>
				<xsl:value-of select="vv:t('enrol.week.prev')"/>
			</a>
			<a class="button button-secondary cal-button cal-this" href="{$base}/ecare/index/calendar">
				<xsl:value-of select="vv:t('enrol.week.this')"/>
			</a>
		</xsl:if>
		<xsl:choose>
			<xsl:when test="$week &lt; number($cal/@weeks)">
				<a class="button cal-button cal-next" rel="next">
					<xsl:attribute name="href">
						<xsl:call-template name="calendar-href">
							<xsl:with-param name="week" select="$week + 1"/>
						</xsl:call-template>
					</xsl:attribute>
					<xsl:value-of select="vv:t('enrol.week.next')"/>
					<span aria-hidden="true"> →</span>
				</a>
			</xsl:when>
			<xsl:otherwise>
				<p class="cal-last"><xsl:value-of select="vv:t('enrol.week.last')"/></p>
			</xsl:otherwise>
		</xsl:choose>
	</nav>
</xsl:template>

<!-- The current week: today first, as large cards, then the other days. -->
<xsl:template name="this-week">
	<xsl:variable name="today" select="$cal/day[@index = 0]"/>
	<section class="cal-today" aria-labelledby="cal-today-title" data-date="{$today/@date}">
		<h2 id="cal-today-title"><xsl:value-of select="vv:t('enrol.today')"/></h2>
		<xsl:choose>
			<xsl:when test="$today/*">
				<ul class="cal-cards">
					<xsl:apply-templates select="$today/*"/>
				</ul>
			</xsl:when>
			<xsl:otherwise>
				<p class="cal-empty"><xsl:value-of select="vv:t('enrol.today-empty')"/></p>
			</xsl:otherwise>
		</xsl:choose>
	</section>

	<section class="cal-week" aria-labelledby="cal-week-title">
		<h2 id="cal-week-title"><xsl:value-of select="vv:t('enrol.week')"/></h2>
		<xsl:choose>
			<xsl:when test="$cal/day[@index &gt; 0]/*">
				<xsl:for-each select="$cal/day[@index &gt; 0][*]">
					<section class="cal-day" data-date="{@date}" aria-labelledby="cal-day-{@index}">
						<h3 id="cal-day-{@index}"><xsl:value-of select="vv:datetime(string(@at), 'weekday')"/></h3>
						<ul class="cal-list">
							<xsl:apply-templates select="*"/>
						</ul>
					</section>
				</xsl:for-each>
			</xsl:when>
			<xsl:otherwise>
				<p class="cal-empty"><xsl:value-of select="vv:t('enrol.week-empty')"/></p>
			</xsl:otherwise>
		</xsl:choose>
	</section>
</xsl:template>

<!-- A later week: its days that have something, each under its name. -->
<xsl:template name="later-week">
	<section class="cal-week cal-later" aria-labelledby="cal-period">
		<xsl:choose>
			<xsl:when test="$cal/day/*">
				<xsl:for-each select="$cal/day[*]">
					<section class="cal-day" data-date="{@date}" aria-labelledby="cal-day-{@index}">
						<h2 id="cal-day-{@index}"><xsl:value-of select="vv:datetime(string(@at), 'weekday')"/></h2>
						<ul class="cal-list">
							<xsl:apply-templates select="*"/>
						</ul>
					</section>
				</xsl:for-each>
			</xsl:when>
			<xsl:otherwise>
				<p class="cal-empty"><xsl:value-of select="vv:t('enrol.period-empty')"/></p>
			</xsl:otherwise>
		</xsl:choose>
	</section>
</xsl:template>

<!-- One item: the whole card is one big link, time first, then the name,
     then its state in words (colour is never the only signal). -->
<!-- A customer may watch a recording only on its day (R-RE-2): on another
     day its card is no link (that page would refuse them) and says when. -->
<xsl:template match="recording">
	<li class="cal-item cal-item-recording">
		<xsl:choose>
			<xsl:when test="../@today = '1' or $cal/@staff = '1'">
				<a class="cal-card" href="{$base}/ecare/recording/{@uuid}">
					<xsl:if test="$week &gt; 0">
						<xsl:attribute name="href"><xsl:value-of select="concat($base, '/ecare/recording/', @uuid, '?week=', $week)"/></xsl:attribute>
					</xsl:if>
					<span class="cal-time"><xsl:value-of select="vv:t('enrol.all-day')"/></span>
					<span class="cal-name"><xsl:value-of select="@title"/></span>
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.recording')"/></span>
				</a>
			</xsl:when>
			<xsl:otherwise>
				<div class="cal-card cal-card-later">
					<span class="cal-time"><xsl:value-of select="vv:t('enrol.all-day')"/></span>
					<span class="cal-name"><xsl:value-of select="@title"/></span>
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.recording')"/></span>
					<span class="cal-note"><xsl:value-of select="vv:t('enrol.recording.on-its-day')"/></span>
				</div>
			</xsl:otherwise>
		</xsl:choose>
	</li>
</xsl:template>

<xsl:template match="event">
	<li class="cal-item cal-item-event" data-starts="{@starts}" data-ends="{@ends}">
		<xsl:if test="@mine">
			<xsl:attribute name="class">cal-item cal-item-event cal-<xsl:value-of select="@mine"/></xsl:attribute>
		</xsl:if>
		<a class="cal-card" href="{$base}/ecare/index/event/{@uuid}" data-event="{@uuid}">
			<span class="cal-time">
				<time><xsl:value-of select="vv:datetime(string(@starts), 'time')"/></time>
				<xsl:text>–</xsl:text>
				<time><xsl:value-of select="vv:datetime(string(@ends), 'end')"/></time>
			</span>
			<span class="cal-name" lang="{@text-lang}"><xsl:value-of select="@name"/></span>
			<span class="cal-people"><xsl:value-of select="vv:t('enrol.people', @people)"/></span>
			<xsl:choose>
				<xsl:when test="@mine = 'enrolled'">
					<span class="cal-state cal-state-enrolled"><xsl:value-of select="vv:t('enrol.state.enrolled')"/></span>
				</xsl:when>
				<xsl:when test="@mine = 'waiting'">
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.state.waiting')"/></span>
				</xsl:when>
				<xsl:when test="@seats = 0 and $cal/@staff != '1'">
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.state.full')"/></span>
				</xsl:when>
			</xsl:choose>
			<xsl:if test="@running = '1'">
				<span class="cal-state cal-state-running"><xsl:value-of select="vv:t('enrol.running')"/></span>
			</xsl:if>
			<xsl:if test="@record = '1'">
				<span class="cal-state cal-state-recorded"><xsl:value-of select="vv:t('enrol.state.recorded')"/></span>
			</xsl:if>
		</a>
	</li>
</xsl:template>

</xsl:stylesheet>
