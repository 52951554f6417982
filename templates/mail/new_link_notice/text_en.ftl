<#import "/_text.ftl" as t>
Hello,

${partnerName} has registered a purchase for ${customerName} under volume licence agreement ${agreementNumber}. The activation is waiting, but the agreement does not name an online administrator, so no activation link can be sent.

Products waiting to be activated:
<@t.products products/>

Please ask ${partnerName} to designate an online administrator for agreement ${agreementNumber}. That person will then receive the activation link by email.

You receive this email because ${contactEmail} is the notices contact for this agreement.

<@t.footer partnerName/>
