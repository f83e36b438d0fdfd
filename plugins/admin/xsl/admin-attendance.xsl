<?xml version="1.0" encoding="UTF-8"?>
<!-- Läsnäolo (/admin/attendance): the organisation's calls in a date range
     - a small bar chart per event type of the customers and guests who
     joined, week by week, drawn here as SVG (a title and a description
     for screen readers, and the same numbers in a table below), and every
     join and leave of the range as CSV (/admin/attendance/csv, which shows
     this page when a date is wrong).
     Document: <attendance-filter from to/> and, when the dates are right,
     <attendance-chart weeks max><week i label start/>...
       <type name total><w i n/>...</type>...</attendance-chart>
     (vv_attendance_chart_xml, vv/attendance.h). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="flt" select="/page/attendance-filter"/>
<xsl:variable name="chart" select="/page/attendance-chart"/>
<!-- bar geometry, in SVG user units -->
<xsl:variable name="step" select="22"/>
<xsl:variable name="left" select="28"/>
<xsl:variable name="plot" select="70"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('nav.attendance')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs">
		<xsl:with-param name="users" select="false()"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('nav.attendance')"/></h1>
	<p class="hint"><xsl:value-of select="vv:t('admin.attendance.about')"/></p>
	<form method="get" action="{$base}/admin/attendance" class="filter">
		<div class="field">
			<label for="from"><xsl:value-of select="vv:t('admin.range.from')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'from'"/></xsl:call-template>
			<input type="date" value="{$flt/@from}">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'from'"/></xsl:call-template>
			</input>
		</div>
		<div class="field">
			<label for="to"><xsl:value-of select="vv:t('admin.range.to')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'to'"/></xsl:call-template>
			<input type="date" value="{$flt/@to}">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'to'"/></xsl:call-template>
			</input>
		</div>
		<button type="submit"><xsl:value-of select="vv:t('admin.audit.show')"/></button>
		<xsl:text> </xsl:text>
		<button type="submit" formaction="{$base}/admin/attendance/csv" id="attendance-csv" class="button-secondary"><xsl:value-of select="vv:t('admin.attendance.csv')"/></button>
	</form>
	<xsl:choose>
		<xsl:when test="not($chart)"/>
		<xsl:when test="not($chart/type)">
			<p id="attendance-none"><xsl:value-of select="vv:t('admin.attendance.none')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<h2><xsl:value-of select="vv:t('admin.attendance.chart')"/></h2>
			<div class="attendance-charts">
				<xsl:for-each select="$chart/type">
					<xsl:call-template name="type-chart"/>
				</xsl:for-each>
			</div>
			<!-- scrolls sideways on a phone; focusable so that keys scroll it too -->
			<div class="scroll-x" tabindex="0" role="region" aria-labelledby="attendance-weeks-caption">
				<table class="table" id="attendance-weeks">
					<caption id="attendance-weeks-caption"><xsl:value-of select="vv:t('admin.attendance.table')"/></caption>
					<thead>
						<tr>
							<th scope="col"><xsl:value-of select="vv:t('admin.attendance.type')"/></th>
							<xsl:for-each select="$chart/week">
								<th scope="col" title="{@start}"><xsl:value-of select="vv:t('admin.attendance.week', string(@label))"/></th>
							</xsl:for-each>
							<th scope="col"><xsl:value-of select="vv:t('admin.attendance.total')"/></th>
						</tr>
					</thead>
					<tbody>
						<xsl:for-each select="$chart/type">
							<tr>
								<th scope="row"><xsl:value-of select="@name"/></th>
								<xsl:for-each select="w"><td class="num"><xsl:value-of select="@n"/></td></xsl:for-each>
								<td class="num"><xsl:value-of select="@total"/></td>
							</tr>
						</xsl:for-each>
					</tbody>
				</table>
			</div>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- One event type's weeks as bars; the current node is its <type>. -->
<xsl:template name="type-chart">
	<xsl:variable name="id" select="concat('att-', position())"/>
	<xsl:variable name="max" select="$chart/@max"/>
	<figure class="attendance-chart">
		<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {$left + $chart/@weeks * $step + 4} {$plot + 30}" width="{$left + $chart/@weeks * $step + 4}"
			height="{$plot + 30}" role="img" aria-labelledby="{$id}-t" aria-describedby="{$id}-d">
			<title id="{$id}-t"><xsl:value-of select="vv:t('admin.attendance.chart-of', string(@name))"/></title>
			<desc id="{$id}-d"><xsl:value-of select="vv:t('admin.attendance.chart-desc', string(@total))"/></desc>
			<!-- the scale: the busiest week of any type reaches the top -->
			<line x1="{$left - 2}" y1="6" x2="{$left - 2}" y2="{$plot + 6}" class="axis"/>
			<text x="{$left - 5}" y="12" text-anchor="end" class="tick"><xsl:value-of select="$max"/></text>
			<text x="{$left - 5}" y="{$plot + 6}" text-anchor="end" class="tick">0</text>
			<xsl:for-each select="w">
				<xsl:variable name="h" select="round(@n * $plot div $max)"/>
				<xsl:variable name="x" select="$left + @i * $step + 2"/>
				<rect x="{$x}" y="{$plot + 6 - $h}" width="{$step - 6}" height="{$h}" class="bar">
					<title><xsl:value-of select="concat($chart/week[@i = current()/@i]/@start, ': ', @n)"/></title>
				</rect>
				<text x="{$x + ($step - 6) div 2}" y="{$plot + 20}" text-anchor="middle" class="tick">
					<xsl:value-of select="$chart/week[@i = current()/@i]/@label"/>
				</text>
			</xsl:for-each>
		</svg>
		<figcaption><xsl:value-of select="@name"/></figcaption>
	</figure>
</xsl:template>

</xsl:stylesheet>
