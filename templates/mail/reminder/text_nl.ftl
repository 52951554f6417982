<#import "/_text.ftl" as t>
<#if adminName?has_content>Beste ${adminName},<#else>Geachte heer/mevrouw,</#if>

Dit is een herinnering: de onderstaande aankoop is nog niet geactiveerd.

${partnerName} heeft voor ${customerName} een aankoop geregistreerd onder volumelicentieovereenkomst ${agreementNumber} (tenant ${tenant}). U wordt in de overeenkomst vermeld als onlinebeheerder en kunt de producten daarom activeren.

Producten in deze aankoop:
<@t.products products/>

Volg de koppeling, meld u aan en accepteer de open licentieovereenkomst. Daarna wordt uw abonnement geactiveerd, of verlengd als u het al hebt.

<@t.link label="Activeer uw abonnement" href=link/>

De koppeling is geldig tot ${date(linkExpires)} en kan één keer worden gebruikt.
<#if helpUrl??>
Stapsgewijze handleiding (af te drukken): ${helpUrl}
</#if>

<@t.footer partnerName/>
