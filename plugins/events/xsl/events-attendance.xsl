<?xml version="1.0" encoding="UTF-8"?>
<!-- Läsnäolo on Tiedot (issue #11 item 6): who was in the event's call,
     each join and leave, and each person's total, with the CSV download.
     Included by events-details.xsl (which imports layout.xsl: $base).
     Document (vv_attendance_event_xml, vv/attendance.h):
       <attendance visits>
         <person name role partner seconds total open?>
           <visit joined left? seconds length/>...
         </person>...
       </attendance> -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="attendance-section">
	<xsl:param name="uuid"/>
	<xsl:variable name="att" select="/page/attendance"/>
	<xsl:if test="$att">
		<section class="attendance" id="attendance" aria-labelledby="attendance-title">
			<h2 id="attendance-title"><xsl:value-of select="vv:t('events.attendance.title')"/></h2>
			<xsl:choose>
				<xsl:when test="$att/person">
					<!-- scrolls sideways on a phone; focusable so that keys scroll it too -->
					<div class="scroll-x" tabindex="0" role="region" aria-labelledby="attendance-title">
					<table id="attendance-table">
						<caption class="visually-hidden"><xsl:value-of select="vv:t('events.attendance.title')"/></caption>
						<thead>
							<tr>
								<th scope="col"><xsl:value-of select="vv:t('events.attendance.col.name')"/></th>
								<th scope="col"><xsl:value-of select="vv:t('events.attendance.col.role')"/></th>
								<th scope="col"><xsl:value-of select="vv:t('events.attendance.col.visits')"/></th>
								<th scope="col"><xsl:value-of select="vv:t('events.attendance.col.total')"/></th>
							</tr>
						</thead>
						<tbody>
							<xsl:for-each select="$att/person">
								<tr>
									<th scope="row">
										<xsl:choose>
											<xsl:when test="@partner = '1'"><xsl:value-of select="vv:t('attendance.partner')"/></xsl:when>
											<xsl:when test="@name != ''"><xsl:value-of select="@name"/></xsl:when>
											<xsl:otherwise><xsl:value-of select="vv:t('events.attendance.no-name')"/></xsl:otherwise>
										</xsl:choose>
									</th>
									<td><xsl:value-of select="vv:t(concat('attendance.role.', @role))"/></td>
									<td>
										<ul class="plain">
											<xsl:for-each select="visit">
												<li>
													<xsl:value-of select="@joined"/>
													<xsl:text> – </xsl:text>
													<xsl:choose>
														<!-- the day once when the visit ends on the day it began -->
														<xsl:when test="@left and substring-before(@left, ' ') = substring-before(@joined, ' ')">
															<xsl:value-of select="concat(substring-after(@left, ' '), ' (', @length, ')')"/>
														</xsl:when>
														<xsl:when test="@left">
															<xsl:value-of select="concat(@left, ' (', @length, ')')"/>
														</xsl:when>
														<xsl:otherwise>
															<xsl:value-of select="vv:t('events.attendance.still-in')"/>
														</xsl:otherwise>
													</xsl:choose>
												</li>
											</xsl:for-each>
										</ul>
									</td>
									<td class="num"><xsl:value-of select="@total"/></td>
								</tr>
							</xsl:for-each>
						</tbody>
					</table>
					</div>
					<p class="hint"><xsl:value-of select="vv:t('events.attendance.hint')"/></p>
					<p><a class="button button-secondary" id="attendance-csv" href="{$base}/ecare/events/{$uuid}/attendance" download=""><xsl:value-of select="vv:t('events.attendance.csv')"/></a></p>
				</xsl:when>
				<xsl:otherwise>
					<p id="attendance-none"><xsl:value-of select="vv:t('events.attendance.none')"/></p>
				</xsl:otherwise>
			</xsl:choose>
		</section>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
