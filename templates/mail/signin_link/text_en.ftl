<#import "/_text.ftl" as t>
Hello,

On ${instant(requestedAt)} someone asked to sign in with this email address to manage your licences.

<@t.link label="Sign in to your products" href=link/>

The link can be used once and expires ${t.minutes(expiresMinutes)} after it was requested.

If you did not ask for this, ignore this email. Nothing changes, and nobody can sign in without this link.

<@t.footer/>
