<#import "/_text.ftl" as t>
<#if adminName?has_content>Beste ${adminName},<#else>Geachte heer/mevrouw,</#if>

Op ${instant(activatedAt)} is de open licentieovereenkomst geaccepteerd voor volumelicentieovereenkomst ${agreementNumber} (${customerName}). Deze abonnementen zijn nu actief:
<@t.subscriptions subscriptions/>

Op de pagina Uw producten kunt u ze bekijken, de einddatum verlengen of licenties toevoegen.

<@t.link label="Bekijk uw producten" href=productsUrl/>

<@t.footer partnerName/>
