<#import "/_text.ftl" as t>
<#include "_details_nl.ftl">
<#if adminName?has_content>Beste ${adminName},<#else>Geachte heer/mevrouw,</#if>

Op ${instant(redeemedAt)} is een nieuwe en ongebruikte productcode ingewisseld voor ${product} van ${customerName}, <#if action == "extend">om de einddatum te verlengen<#else>om licenties toe te voegen</#if>.

<@t.facts details/>

Een productcode kan maar één keer worden ingewisseld: de code die eindigt op ${keyLastFive} kan niet opnieuw worden gebruikt.

<@t.link label="Bekijk uw producten" href=productsUrl/>

<@t.footer/>
