#!/usr/bin/env node
// The command's entry: a file that exists before the build, so that `npm ci` links it.
import '../dist/main.js'
