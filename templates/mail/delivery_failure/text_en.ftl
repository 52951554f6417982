Hello,

The activation email for volume licence agreement ${agreementNumber} (${customerName}) could not be delivered to ${address}.

The receiving mail server answered: ${reason}

<#if toPartner>Please check the online administrator's address for this agreement and correct it in your feed. The corrected address then receives a new activation link.<#else>Please ask ${partnerName}<#if partnerContact?has_content> (${partnerContact})</#if> to correct the online administrator's address for this agreement. The corrected address then receives a new activation link.</#if>

<#if toPartner>You receive this email as the contact of ${partnerName}.<#else>You receive this email because your address is the notices contact for this agreement.</#if>

-- 
This email was sent automatically by the licence activation service<#if !toPartner> on behalf of ${partnerName}</#if>.
