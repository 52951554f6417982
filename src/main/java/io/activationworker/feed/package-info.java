/** The partner feed: reading feed files into checked records (file:line rejections), importing them, watching the folder. */
package io.activationworker.feed;
