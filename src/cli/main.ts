console.log("fos");
