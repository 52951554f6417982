<#import "/_text.ftl" as t>
Geachte heer/mevrouw,

${partnerName} heeft voor ${customerName} een aankoop geregistreerd onder volumelicentieovereenkomst ${agreementNumber}. De activering staat klaar, maar in de overeenkomst is geen onlinebeheerder vermeld. Daarom kan er geen activeringskoppeling worden verzonden.

Producten die op activering wachten:
<@t.products products/>

Vraag ${partnerName} om een onlinebeheerder voor overeenkomst ${agreementNumber} aan te wijzen. Die persoon ontvangt daarna de activeringskoppeling per e-mail.

U ontvangt deze e-mail omdat ${contactEmail} voor deze overeenkomst is opgegeven als contactadres voor kennisgevingen.

<@t.footer partnerName/>
