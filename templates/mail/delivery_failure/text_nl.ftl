Geachte heer/mevrouw,

De activeringsmail voor volumelicentieovereenkomst ${agreementNumber} (${customerName}) kon niet worden bezorgd bij ${address}.

De ontvangende mailserver antwoordde: ${reason}

<#if toPartner>Controleer het adres van de onlinebeheerder van deze overeenkomst en verbeter het in uw feed. Het verbeterde adres ontvangt dan een nieuwe activeringskoppeling.<#else>Vraag ${partnerName}<#if partnerContact?has_content> (${partnerContact})</#if> om het adres van de onlinebeheerder van deze overeenkomst te verbeteren. Het verbeterde adres ontvangt dan een nieuwe activeringskoppeling.</#if>

<#if toPartner>U ontvangt deze e-mail als contactpersoon van ${partnerName}.<#else>U ontvangt deze e-mail omdat uw adres voor deze overeenkomst is opgegeven als contactadres voor kennisgevingen.</#if>

-- 
Deze e-mail is automatisch verzonden door de licentieactiveringsservice<#if !toPartner> namens ${partnerName}</#if>.
