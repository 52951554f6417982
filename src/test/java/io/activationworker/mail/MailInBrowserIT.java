package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.HeadlessChromium;
import io.activationworker.testing.Mails;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The activation email's HTML, opened in Chromium as a phone and as a desktop mail client would show it. */
class MailInBrowserIT {

    @Test
    void the_activation_email_fits_a_phone_and_a_wide_window_without_sideways_scrolling() {
        try (TestApp app = TestApp.start(); HeadlessChromium chromium = new HeadlessChromium(360, 740)) {
            app.importFeed("northwind.yaml", Feeds.standard());
            MimeMessage mail = app.awaitMessages(1).get(0);
            String html = Mails.html(mail);
            String dataUrl = "data:text/html;charset=utf-8;base64,"
                    + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8));
            for (int[] size : new int[][] {{360, 740}, {1280, 900}}) {
                chromium.resize(size[0], size[1]);
                chromium.driver.get(dataUrl);
                long scrollWidth = (Long) chromium.driver.executeScript("return document.documentElement.scrollWidth");
                long innerWidth = (Long) chromium.driver.executeScript("return window.innerWidth");
                assertThat(scrollWidth).as("page width at " + size[0] + " px").isLessThanOrEqualTo(innerWidth);
                String text = (String) chromium.driver.executeScript("return document.body.innerText");
                assertThat(text).contains("V1234567", "Fabrikam NV");
                chromium.screenshot("mail-activation-link-" + size[0]);
            }
        }
    }
}
