<#import "/_text.ftl" as t>
<#if adminName?has_content>Beste ${adminName},<#else>Geachte heer/mevrouw,</#if>

${partnerName} heeft een andere onlinebeheerder aangewezen voor volumelicentieovereenkomst ${agreementNumber} (${customerName}). U bent niet langer de onlinebeheerder voor deze overeenkomst.

Activeringskoppelingen die u voor deze overeenkomst hebt ontvangen, werken niet meer; de nieuwe onlinebeheerder heeft nieuwe koppelingen gekregen. Abonnementen die al zijn geactiveerd, blijven zoals ze zijn.

Is deze wijziging een vergissing? Vraag ${partnerName} dan om de overeenkomst te corrigeren.

<@t.footer partnerName/>
