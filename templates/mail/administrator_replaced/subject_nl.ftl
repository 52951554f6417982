U bent niet langer de onlinebeheerder voor overeenkomst ${agreementNumber}
