Actie nodig: overeenkomst ${agreementNumber} voor ${customerName} heeft geen onlinebeheerder
